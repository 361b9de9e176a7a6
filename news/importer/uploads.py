"""Uploaded files (and the members of uploaded zips) as import items: a name and a loader each.

Whatever can be read like an upload (a name, a size, `read()`, and seekable for a zip) will do: the
admin's uploads, or the same files kept in the database for a background job.
"""

import zipfile
from pathlib import PurePosixPath

from django.conf import settings

from common.zips import TooManyEntries, open_zip

from .parsing import check_file
from .reports import FileReport, Outcome

ZIP_MAX_ENTRIES = 20_000
ZIP_MAX_TOTAL_BYTES = 500 * 1024 * 1024


def _zip_items(upload) -> list:
    """Each member of a zip as an import item; a bad archive or a bomb is one failed item."""
    name = upload.name
    try:
        archive = open_zip(upload, max_entries=ZIP_MAX_ENTRIES)
        members = [info for info in archive.infolist() if not info.is_dir()]
    except TooManyEntries as exc:
        return [(name, _failure(name, str(exc)))]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return [(name, _failure(name, f"not a readable zip archive ({exc})"))]
    if sum(info.file_size for info in members) > ZIP_MAX_TOTAL_BYTES:
        return [(name, _failure(name, "zip archive too large to import at once"))]
    items = []
    for info in members:
        path = PurePosixPath(info.filename)
        if any(part.startswith(".") or part == "__MACOSX" for part in path.parts):
            continue
        label = f"{name}/{info.filename}"
        items.append((label, _member_loader(archive, info, label)))
    return items


def _member_loader(archive, info, label):
    def load():
        refused = check_file(label, info.file_size, max_bytes=settings.IMPORT_MAX_BYTES, skip_unknown=True)
        if refused:
            return refused
        try:
            with archive.open(info) as member:
                data = member.read(settings.IMPORT_MAX_BYTES + 1)  # never trust the declared size
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            return FileReport(label, Outcome.FAILED, f"cannot read from the archive ({exc})")
        return check_file(label, len(data), max_bytes=settings.IMPORT_MAX_BYTES) or data

    return load


def _failure(name, reason):
    return lambda: FileReport(name, Outcome.FAILED, reason)


def _upload_loader(upload):
    def load():
        return check_file(upload.name, upload.size, max_bytes=settings.IMPORT_MAX_BYTES) or upload.read()

    return load


def upload_items(uploads) -> list:
    items = []
    for upload in uploads:
        if upload.name.lower().endswith(".zip"):
            items += _zip_items(upload)
        else:
            items.append((upload.name, _upload_loader(upload)))
    return items
