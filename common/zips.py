"""Opening a zip archive that someone sent, with a cap on its entries checked before zipfile reads it.

zipfile loads the whole central directory, one object per entry, as it opens an archive: a zip of
1.5 million empty entries cost half a minute and 820 MB before a caller could count them. So the end
record (the zip64 one where there is one) is read first, and an archive that says it holds more
entries than the cap is refused. zipfile reads the directory by its size, not by that count, so a
directory larger than the cap's entries could fill is refused too; and since an entry may be as
small as 46 bytes, the entries zipfile then found are counted once more against the cap.
"""

import os
import struct
import zipfile

_END = struct.Struct("<4s4H2LH")  # signature, disks, entries here, entries, directory size, offset, comment length
_END64 = struct.Struct("<4sQ2H2L4Q")  # signature, …, entries here, entries, directory size, directory offset
_LOCATOR = struct.Struct("<4sLQL")  # signature, disk, offset of the zip64 end record, disks
_END_SIGNATURE, _END64_SIGNATURE, _LOCATOR_SIGNATURE = b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07"
_MAX_COMMENT = 0xFFFF
# What one entry of a directory takes, at most, in archives people make: a fixed part of 46 bytes, a
# name and a few extra fields. Entries as small as the fixed part fit about six times as many in the
# same size: that many are read at worst before the count below refuses them.
ENTRY_BYTES = 300


class TooManyEntries(ValueError):
    """The archive holds (or says it holds) more entries than the caller reads."""


def open_zip(file, *, max_entries: int) -> zipfile.ZipFile:
    """The archive (a path or a seekable binary file) opened for reading, once its end record says it
    holds at most ``max_entries``. Raises TooManyEntries, or zipfile.BadZipFile for what is not a zip."""
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as raw:
            _check(raw, max_entries)
    else:
        _check(file, max_entries)
        file.seek(0)
    archive = zipfile.ZipFile(file)
    if (found := len(archive.infolist())) > max_entries:
        archive.close()
        raise TooManyEntries(f"the zip archive holds {found:,} entries; at most {max_entries:,} are read")
    return archive


def _check(file, max_entries: int) -> None:
    entries, directory_size = _directory(file)
    if entries > max_entries:
        raise TooManyEntries(f"the zip archive holds {entries:,} entries; at most {max_entries:,} are read")
    if directory_size > max_entries * ENTRY_BYTES:
        raise TooManyEntries(
            f"the zip archive's central directory is larger than {max_entries:,} entries take; "
            f"at most {max_entries:,} are read"
        )


def _directory(file) -> tuple[int, int]:
    """The entry count and the size of the central directory, found where zipfile finds them: the end
    record (the last 22 bytes, or else the last signature within a comment's reach of the end), and
    the zip64 end record that its locator points to or that lies just before the locator."""
    size = file.seek(0, os.SEEK_END)
    start = max(size - _END.size - _MAX_COMMENT, 0)
    file.seek(start)
    tail = file.read()
    last = tail[-_END.size :]
    at = len(tail) - _END.size if last[:4] == _END_SIGNATURE and last[-2:] == b"\0\0" else tail.rfind(_END_SIGNATURE)
    if at < 0 or len(tail) - at < _END.size:
        raise zipfile.BadZipFile("File is not a zip file")
    *_, entries, directory_size, _offset, _comment = _END.unpack_from(tail, at)
    locator_at = start + at - _LOCATOR.size
    if locator_at < 0:
        return entries, directory_size
    file.seek(locator_at)
    signature, _disk, pointed_at, _disks = _LOCATOR.unpack(file.read(_LOCATOR.size))
    if signature != _LOCATOR_SIGNATURE:
        return entries, directory_size
    found = [record for where in (pointed_at, locator_at - _END64.size) if (record := _end64(file, where))]
    if not found:
        return entries, directory_size
    return max(record[0] for record in found), max(record[1] for record in found)


def _end64(file, where: int) -> tuple[int, int] | None:
    if where < 0:
        return None
    file.seek(where)
    record = file.read(_END64.size)
    if len(record) < _END64.size or record[:4] != _END64_SIGNATURE:
        return None
    *_, entries, directory_size, _offset = _END64.unpack(record)
    return entries, directory_size
