"""Backing up the whole content, and restoring it: one zip archive, written and read as a stream.

What goes in: every model of the apps whose entries people write (their AppConfig says
`editorial_content = "written"`), their history included, and the old-slug redirects; the files
their pictures name; and the accounts that history and uploads point to (name and e-mail only: no
password leaves the site). What stays out is derived or private: the search index (rebuilt after a
restore), preview links, the change counter, sessions and passwords.

Rows are written with Django's JSON-lines serializer from a chunked iterator, each model to its own
member, so memory stays flat however many articles there are. Accounts are referred to by username,
so a restore into a site whose own accounts have other ids still credits the right people; an
account that exists is never changed, and one that does not is created without a usable password
and without staff rights.

The manifest lists every member with its size and SHA-256, and is signed (HMAC-SHA256, with a key
derived from SECRET_KEY), so a restore can tell an archive this site wrote, whole and unchanged.
"""

import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils.crypto import salted_hmac

from caching.changes import mark_changed
from editorial.publishing import is_history_model

FORMAT = "starlight-content"
VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "signature"
ACCOUNTS = "accounts.jsonl"
CHUNK = 2000
_ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "is_active")
_SIGNING_SALT = "starlight.backups.archive.manifest"
_BLOCK = 1024 * 1024


class _ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds, which a restore would keep."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why, for the person running it."""


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing_files: list[str] = field(default_factory=list)
    refused_files: list[str] = field(default_factory=list)  # named outside the media folder: not exported
    accounts_created: int = 0
    kept_files: list[str] = field(default_factory=list)  # files already there with other content, left alone


def backed_up_models() -> list[type[models.Model]]:
    """The models a backup holds, parents before children."""
    configs = [c for c in apps.get_app_configs() if getattr(c, "editorial_content", None) == "written"]
    chosen = [model for config in configs for model in config.get_models()]
    chosen.append(apps.get_model("editorial", "SlugRedirect"))
    by_app: dict = {}
    for model in chosen:
        by_app.setdefault(model._meta.app_config, []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _keeps_renditions(model) -> bool:
    return any(f.name == "renditions" for f in model._meta.concrete_fields)


def _files_of(model) -> Iterator[str]:
    """Storage names of a model's files, and of the renditions made from them where it keeps a list."""
    fields = _file_fields(model)
    if not fields or is_history_model(model):
        return
    values = [f.attname for f in fields] + (["renditions"] if _keeps_renditions(model) else [])
    for row in model._default_manager.values(*values).iterator(chunk_size=CHUNK):
        for name in fields:
            if row[name.attname]:
                yield row[name.attname]
        for rendition in row.get("renditions") or []:
            if isinstance(rendition, dict) and rendition.get("name"):
                yield rendition["name"]


def _user_fields(model) -> list[models.ForeignKey]:
    user = get_user_model()
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is user]


def sign(manifest: bytes, secret: str | bytes | None = None) -> str:
    """The manifest's signature: HMAC-SHA256 with a key derived from SECRET_KEY (or ``secret``)."""
    return salted_hmac(_SIGNING_SALT, manifest, secret=secret, algorithm="sha256").hexdigest()


# Writing ---------------------------------------------------------------------------------------


class _Hashing(io.BufferedIOBase):
    """A member being written: passes the bytes on, and keeps their size and SHA-256 for the manifest."""

    def __init__(self, target):
        super().__init__()
        self._target = target
        self._sha = hashlib.sha256()
        self._size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._sha.update(data)
        self._size += len(data)
        return self._target.write(data)

    def entry(self) -> dict:
        return {"size": self._size, "sha256": self._sha.hexdigest()}


def export_content(path: Path) -> Counts:
    """Write the archive to ``path`` (refused if it exists); written beside it first, then moved in place."""
    if path.exists():
        raise BackupError(f"{path} already exists: give a new file name (a backup never overwrites a file)")
    partial = path.with_name(path.name + ".partial")
    counts = Counts()
    members: dict[str, dict] = {}
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            user_ids: set[int] = set()
            for index, model in enumerate(backed_up_models()):
                label = model._meta.label_lower
                rows = model._default_manager.order_by("pk").iterator(chunk_size=CHUNK)
                user_attnames = [f.attname for f in _user_fields(model)]
                counted = _count_into(counts.rows, label, rows, user_attnames, user_ids)
                name = f"content/{index:03d}-{label}.jsonl"
                with archive.open(name, "w", force_zip64=True) as member:
                    hashed = _Hashing(member)
                    text = io.TextIOWrapper(hashed, encoding="utf-8", newline="\n")
                    serializers.serialize(
                        "jsonl", counted, stream=text, use_natural_foreign_keys=True, cls=_ExactEncoder
                    )
                    text.flush()
                    text.detach()
                members[name] = hashed.entry()
            _write_accounts(archive, user_ids, members)
            _write_files(archive, counts, members)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "rows": counts.rows,
                "files": counts.files,
                "missing": counts.missing_files,  # named by rows, not in the media storage when exported
                "members": members,
            }
            written = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            archive.writestr(MANIFEST, written)
            archive.writestr(SIGNATURE, sign(written))
        partial.replace(path)
    except OSError as exc:
        raise BackupError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return counts


def _count_into(counts: dict[str, int], label: str, rows, user_fields: list[str], user_ids: set[int]):
    counts[label] = 0
    for row in rows:
        counts[label] += 1
        for name in user_fields:
            if getattr(row, name):
                user_ids.add(getattr(row, name))
        yield row


def _write_accounts(archive: zipfile.ZipFile, user_ids: set[int], members: dict[str, dict]) -> None:
    users = get_user_model()._default_manager.filter(pk__in=user_ids).order_by("username")
    with archive.open(ACCOUNTS, "w") as member:
        hashed = _Hashing(member)
        for values in users.values(*_ACCOUNT_FIELDS).iterator(chunk_size=CHUNK):
            hashed.write((json.dumps(values, ensure_ascii=False) + "\n").encode())
    members[ACCOUNTS] = hashed.entry()


def _write_files(archive: zipfile.ZipFile, counts: Counts, members: dict[str, dict]) -> None:
    seen: set[str] = set()
    for model in backed_up_models():
        for name in _files_of(model):
            if name in seen:
                continue
            seen.add(name)
            try:
                source = default_storage.open(name, "rb")
            except SuspiciousFileOperation:  # "/etc/passwd", "../x": the storage will not open it
                counts.refused_files.append(name)
                continue
            except OSError:
                counts.missing_files.append(name)
                continue
            member_name = f"media/{name}"
            with source, archive.open(member_name, "w") as member:
                hashed = _Hashing(member)
                shutil.copyfileobj(source, hashed, _BLOCK)
            members[member_name] = hashed.entry()
            counts.files += 1


# Reading ---------------------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise BackupError("not a Starlight content archive (no readable manifest.json)") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a Starlight content archive (manifest.json names another format)")
    if manifest.get("version") != VERSION:
        raise BackupError(f"archive version {manifest.get('version')!r} is not one this site reads ({VERSION})")
    return manifest


def existing_rows() -> dict[str, int]:
    """Content already in the database, by model: a restore goes into an empty one unless told."""
    found = {model._meta.label_lower: model._default_manager.count() for model in backed_up_models()}
    return {label: count for label, count in found.items() if count}


def _media_name(member: str) -> str | None:
    """The storage name of a media member, or None for a name that would leave the media folder."""
    name = PurePosixPath(member[len("media/") :])
    if name.is_absolute() or ".." in name.parts or not name.parts or "\\" in member:
        return None
    return str(name)


def _same_bytes(name: str, archive: zipfile.ZipFile, member: str) -> bool:
    def digest(handle) -> str:
        hashed = hashlib.sha256()
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            hashed.update(block)
        return hashed.hexdigest()

    with default_storage.open(name, "rb") as stored, archive.open(member) as packed:
        return digest(stored) == digest(packed)


def import_content(path: Path, *, allow_non_empty: bool = False) -> Counts:
    """Restore an archive written by export_content. Raises BackupError with a reason."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(f"{path} does not exist") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{path} is not a readable zip archive ({exc})") from exc
    with archive:
        manifest = read_manifest(archive)
        there = existing_rows()
        if there and not allow_non_empty:
            listed = ", ".join(f"{count} {label}" for label, count in sorted(there.items()))
            raise BackupError(
                f"the database already holds content ({listed}); restore into an empty database, "
                "or pass --allow-non-empty to add the archive's rows (rows with the same id are replaced)"
            )
        counts = Counts(rows=dict(manifest.get("rows", {})))
        _restore_files(archive, counts)
        with transaction.atomic():
            counts.accounts_created = _restore_accounts(archive)
            _restore_rows(archive)
            mark_changed()  # cached pages from before the restore are stale
    call_command("rebuild_search_index", verbosity=0)
    return counts


def _restore_files(archive: zipfile.ZipFile, counts: Counts) -> None:
    for member in archive.namelist():
        if not member.startswith("media/") or member.endswith("/"):
            continue
        name = _media_name(member)
        if name is None:
            raise BackupError(f"the archive names a file outside the media folder ({member}); refusing it")
        if default_storage.exists(name):
            if not _same_bytes(name, archive, member):
                counts.kept_files.append(name)  # someone's file: never overwritten
            continue
        with archive.open(member) as packed:
            saved = default_storage.save(name, File(packed, name=name))
        if saved != name:
            raise BackupError(f"the media storage saved {name} as {saved}")
        counts.files += 1


def _restore_accounts(archive: zipfile.ZipFile) -> int:
    user_model = get_user_model()
    created = 0
    with archive.open(ACCOUNTS) as member:
        for line in io.TextIOWrapper(member, encoding="utf-8"):
            values = json.loads(line)
            if not user_model._default_manager.filter(username=values["username"]).exists():
                user = user_model(**{key: values[key] for key in _ACCOUNT_FIELDS if key in values})
                user.set_unusable_password()
                user.save()
                created += 1
    return created


def _restore_rows(archive: zipfile.ZipFile) -> None:
    """What loaddata does, streamed from the archive: raw saves (no index or mention signals), foreign
    keys checked once at the end, PostgreSQL's id sequences moved past the restored rows. And one thing
    it cannot: the history keeps exactly its own rows, where setting an article's topics would add one."""
    members = sorted(name for name in archive.namelist() if name.startswith("content/") and name.endswith(".jsonl"))
    restored: set[type[models.Model]] = set()
    with connection.constraint_checks_disabled():
        for member in members:
            with archive.open(member) as packed:
                lines = io.TextIOWrapper(packed, encoding="utf-8")
                for item in serializers.deserialize("jsonl", lines, handle_forward_references=True):
                    item.object.skip_history_when_saving = True
                    item.save()
                    restored.add(type(item.object))
    connection.check_constraints(table_names=[model._meta.db_table for model in restored])
    statements = connection.ops.sequence_reset_sql(no_style(), list(restored))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
