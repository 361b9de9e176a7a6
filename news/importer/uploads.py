"""Uploaded files (and the members of uploaded zips) as import items: a name and a loader each.

Whatever can be read like an upload (a name, a size, `read()`, and seekable for a zip) will do: the
admin's uploads, or the same files kept in the database for a background job.
"""

import zipfile
from contextlib import contextmanager
from pathlib import PurePosixPath

from django.conf import settings

from common.zips import TooManyEntries, open_zip

from .formats_wxr import SNIFF_BYTES, WxrExport, looks_like_wxr
from .neighbours import known_zip
from .parsing import check_file
from .reports import FileReport, Outcome

ZIP_MAX_ENTRIES = 20_000
ZIP_MAX_TOTAL_BYTES = 500 * 1024 * 1024


def zip_items(upload) -> list:
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
    known_zip(name, archive)  # its articles' pictures are read from it
    items = []
    for info in members:
        path = PurePosixPath(info.filename)
        if any(part.startswith(".") or part == "__MACOSX" for part in path.parts):
            continue
        label = f"{name}/{info.filename}"
        items.append((label, _member_loader(archive, info, label)))
    return items


_EXPORT_SUFFIXES = frozenset({".xml", ".rss"})


def wordpress_export(name: str, open) -> WxrExport | None:
    """The file as a WordPress export to read as a stream (see formats_wxr), or None for any other.

    ``open`` gives the file from its start, each time it is called; an export may be larger than an
    article file (`IMPORT_EXPORT_MAX_BYTES`), since it holds a whole site."""
    if PurePosixPath(name).suffix.lower() not in _EXPORT_SUFFIXES:
        return None
    with open() as file:
        head = file.read(SNIFF_BYTES)
    if not looks_like_wxr(head):
        return None
    return WxrExport(name, open, max_bytes=settings.IMPORT_EXPORT_MAX_BYTES)


def _member_loader(archive, info, label):
    def load():
        try:
            export = wordpress_export(label, lambda: archive.open(info))
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            return FileReport(label, Outcome.FAILED, f"cannot read from the archive ({exc})")
        if export is not None:
            return export
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


@contextmanager
def _rewound(upload):
    """The upload from its start, left open: the job reads it again after the export's first pass."""
    upload.seek(0)
    yield upload


def _upload_loader(upload):
    def load():
        export = wordpress_export(upload.name, lambda: _rewound(upload))
        if export is not None:
            return export
        upload.seek(0)
        return check_file(upload.name, upload.size, max_bytes=settings.IMPORT_MAX_BYTES) or upload.read()

    return load


def upload_items(uploads) -> list:
    items = []
    for upload in uploads:
        if upload.name.lower().endswith(".zip"):
            items += zip_items(upload)
        else:
            items.append((upload.name, _upload_loader(upload)))
    return items
