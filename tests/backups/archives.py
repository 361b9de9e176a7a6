"""Archives made by hand, for the restore's tests: members as given, a manifest that lists them (as
export_content writes it), signed with this site's key unless told otherwise."""

import hashlib
import json
import re
import struct
import zipfile
from pathlib import Path

from backups.archive import FORMAT, MANIFEST, SIGNATURE, VERSION, sign


def pack(path: Path, contents: dict[str, bytes | str], *, signed: bool = True, sizes=None, **manifest) -> Path:
    """Write ``contents`` (member: data) and their manifest to ``path``; ``sizes`` overrides the sizes it
    lists, and ``manifest`` its keys."""
    data = {name: value.encode() if isinstance(value, str) else value for name, value in contents.items()}
    rows = {}
    for name, value in data.items():
        if match := re.fullmatch(r"content/[0-9]+-(.+)\.jsonl", name):
            rows[match[1]] = sum(1 for line in value.splitlines() if line.strip())
    listed = {
        name: {"size": (sizes or {}).get(name, len(value)), "sha256": hashlib.sha256(value).hexdigest()}
        for name, value in data.items()
    }
    body = {  # an override of None leaves the key out
        "format": FORMAT,
        "version": VERSION,
        "created": "2026-12-07T00:00:00+00:00",
        "rows": rows,
        "files": sum(name.startswith("media/") for name in data),
        "missing": [],
        "members": listed,
        **manifest,
    }
    written = json.dumps({key: value for key, value in body.items() if value is not None}).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, value in data.items():
            archive.writestr(name, value)
        archive.writestr(MANIFEST, written)
        if signed:
            archive.writestr(SIGNATURE, sign(written))
    return path


def members_of(path: Path) -> dict[str, bytes]:
    """The members of an archive, without its manifest and signature (pack writes those again)."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name not in (MANIFEST, SIGNATURE)}


def member_for(members: dict, label: str) -> str:
    return next(name for name in members if name.startswith("content/") and name.endswith(f"-{label}.jsonl"))


def rows_of(members: dict, label: str) -> list[dict]:
    return [json.loads(line) for line in members[member_for(members, label)].splitlines() if line.strip()]


def with_rows(members: dict, label: str, rows: list[dict]) -> dict:
    return {**members, member_for(members, label): "".join(json.dumps(row) + "\n" for row in rows)}


def understate_size(path: Path, member: str, size: int) -> None:
    """Make the zip's headers (local and central) say ``member`` holds ``size`` bytes, whatever it holds."""
    blob = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local, central = archive.getinfo(member).header_offset, archive.start_dir
    struct.pack_into("<I", blob, local + 22, size)
    while blob[central : central + 4] == b"PK\x01\x02":  # each central directory record
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", blob, central + 28)
        if bytes(blob[central + 46 : central + 46 + name_length]) == member.encode():
            struct.pack_into("<I", blob, central + 24, size)
        central += 46 + name_length + extra_length + comment_length
    path.write_bytes(bytes(blob))
