"""Zips whose end record claims another number of entries than they hold, as an attacker writes them:
the claim is all a reader has before it loads the central directory."""

import io
import struct
import zipfile

_END = b"PK\x05\x06"
_END_FORMAT = "<4s4H2LH"


def zip_of(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "A story.")
    return buffer.getvalue()


def claiming(entries: int, *, zip64: bool = False, data: bytes | None = None) -> bytes:
    """A zip (one member unless ``data`` is given) whose end record, or with ``zip64`` its zip64 end
    record, says it holds ``entries``."""
    data = data if data is not None else zip_of(["story.txt"])
    at = data.rindex(_END)
    *_, cd_size, cd_offset, _comment = struct.unpack(_END_FORMAT, data[at : at + 22])
    if not zip64:
        count = min(entries, 0xFFFF)
        return data[:at] + struct.pack(_END_FORMAT, _END, 0, 0, count, count, cd_size, cd_offset, 0)
    # Zip64: a zip64 end record and its locator go between the central directory and the end record.
    end64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, cd_size, cd_offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, at, 1)
    end = struct.pack(_END_FORMAT, _END, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[:at] + end64 + locator + end
