"""Files beside an article in the zip it came in: the pictures it names by a relative address.

A zip's members are imported under names like "export.zip/2025/story.html". The zip is known here
while its members are imported (`known_zip`), so that a picture the story names as "images/still.jpg"
is read from "2025/images/still.jpg" in the same zip, bounded like an upload. A name that leads out
of the zip ("../x") or to nothing in it is not read, and the reason is given instead.
"""

import posixpath
import weakref
import zipfile
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from catalog.images import DEFAULT_MAX_BYTES

# Held only as long as the import's items hold the zip open.
_ZIPS: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def known_zip(name: str, archive: zipfile.ZipFile) -> None:
    _ZIPS[name] = archive


def read(name: str, src: str) -> bytes | str:
    """The bytes of the file `src` names beside the imported file `name`, or why it cannot be read."""
    found = next(
        ((zip_name, archive) for zip_name, archive in list(_ZIPS.items()) if name.startswith(f"{zip_name}/")), None
    )
    if found is None:
        return "not a web address, and the article did not come in a zip to read it from"
    zip_name, archive = found
    address = unquote(urlsplit(src).path)
    here = posixpath.dirname(name[len(zip_name) + 1 :])
    path = posixpath.normpath(address.lstrip("/") if address.startswith("/") else posixpath.join(here, address))
    if path == ".." or path.startswith("../"):
        return "leads out of the zip"
    try:
        info = archive.getinfo(path)
    except KeyError:
        return "not in the zip"
    limit = getattr(settings, "IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)
    if info.file_size > limit:
        return f"too large: {filesizeformat(info.file_size)}, the limit is {filesizeformat(limit)}"
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)  # never trust the declared size
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        return f"cannot be read from the zip ({exc})"
    return data if len(data) <= limit else f"too large: more than {filesizeformat(limit)}"
