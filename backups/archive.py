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
derived from SECRET_KEY). A restore trusts nothing in the archive. It refuses one this site did not
sign unless told the archive comes from elsewhere (`allow_foreign`), and any whose members differ
from its manifest. Then it reads the archive twice. The first pass checks everything and writes
nothing: only the models a backup holds, each row validated and cleaned as a save cleans it; no
account with a password or staff rights; media members that are pictures within the upload limits,
named for what they are; picture rows that name only such files. The second pass writes, in one
transaction, the files last, and deletes the files it wrote if anything fails. The first problem
found refuses the whole archive, with its reason.
"""

import datetime as dt
import hashlib
import io
import itertools
import json
import re
import shutil
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NoReturn

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DatabaseError, connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.crypto import constant_time_compare, salted_hmac

from caching.changes import mark_changed
from catalog.images import DEFAULT_MAX_BYTES, format_of_name, image_format, same_kind, validate_image_file
from common.sanitize import html_to_text, sanitize_html, text_fingerprint
from common.zips import TooManyEntries, open_zip
from editorial.cleaning import clean_as_saved
from editorial.models import OldPath, SlugRedirect
from editorial.publishing import content_models, is_history_model
from news.models import Article

FORMAT = "starlight-content"
VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "signature"
ACCOUNTS = "accounts.jsonl"
CHUNK = 2000
_ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "is_active")
# Read and never used: exports before this one wrote is_staff; the others are refused by ignoring them.
_IGNORED_ACCOUNT_KEYS = frozenset({"is_staff", "is_superuser", "password"})
_SIGNING_SALT = "starlight.backups.archive.manifest"
_CONTENT_MEMBER = re.compile(r"content/[0-9]+-(?P<label>[^/]+)\.jsonl")
# Bounds on what one read may hold in memory; a picture's bound is the upload limit (IMAGE_MAX_BYTES).
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_ROW_BYTES = 64 * 1024 * 1024
# Members a restore reads: a few per model and one per picture. Checked before the directory is read.
MAX_MEMBERS = 200_000
_BLOCK = 1024 * 1024
# What a malformed row makes the deserializer raise; what a damaged member makes the zip reader raise.
_BAD_ROW = (DeserializationError, ValidationError, FieldDoesNotExist, ObjectDoesNotExist, LookupError)
_BAD_ROW += (TypeError, ValueError)
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError)


class _ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds, which a restore would keep."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why, for the person running it."""


def _refuse(message: str) -> NoReturn:
    """Refuse the archive: one printable line, whatever names the archive put in it."""
    raise BackupError("".join(char if char.isprintable() else f"\\x{ord(char):02x}" for char in message))


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing_files: list[str] = field(default_factory=list)
    refused_files: list[str] = field(default_factory=list)  # named outside the media folder: not exported
    accounts_created: int = 0
    kept_files: list[str] = field(default_factory=list)  # files already there with other content, left alone
    cleaned_rows: int = 0  # rows a restore stored cleaned, as a save would have


def backed_up_models() -> list[type[models.Model]]:
    """The models a backup holds, parents before children."""
    configs = [c for c in apps.get_app_configs() if getattr(c, "editorial_content", None) == "written"]
    chosen = [model for config in configs for model in config.get_models()]
    chosen += [SlugRedirect, OldPath]  # old addresses, kept so links to the site keep working after a restore
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


# Reading: what the archive holds ---------------------------------------------------------------


def existing_rows() -> dict[str, int]:
    """Content already in the database, by model: a restore goes into an empty one unless told."""
    found = {model._meta.label_lower: model._default_manager.count() for model in backed_up_models()}
    return {label: count for label, count in found.items() if count}


def _storage_name(name) -> str | None:
    """``name`` if it is a plain relative path that stays inside the media folder, else None."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or str(path) != name:
        return None
    return name


def _image_cap() -> int:
    return getattr(settings, "IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


@dataclass
class _Archive:
    """An archive being restored: what the survey found, and the digests the first pass read."""

    zip: zipfile.ZipFile
    manifest: dict
    listed: dict[str, dict] | None  # member: {"size", "sha256"}; None in an unsigned archive from before
    content: list[tuple[type[models.Model], str]]  # (model, member), parents first
    media: dict[str, str]  # storage name: member
    has_accounts: bool
    missing: frozenset[str]  # files the rows name that were missing when the archive was written
    digests: dict[str, str] = field(default_factory=dict)


def _read_bounded(archive: zipfile.ZipFile, member: str, limit: int, what: str) -> bytes:
    with _reading(member), archive.open(member) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        _refuse(f"{member} is larger than {what} may be ({limit:,} bytes), whatever the zip's header says")
    return data


class _reading:
    """Reading one member: a damaged one (bad CRC, cut short) refuses the archive with its name."""

    def __init__(self, member: str):
        self.member = member

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, traceback):
        if exc is not None and isinstance(exc, _DAMAGED):
            _refuse(f"{self.member} cannot be read: the archive is damaged ({exc})")
        return False


def _read_manifest(archive: zipfile.ZipFile) -> tuple[dict, bytes]:
    try:
        archive.getinfo(MANIFEST)
    except KeyError:
        _refuse("not a Starlight content archive (no readable manifest.json)")
    data = _read_bounded(archive, MANIFEST, MAX_MANIFEST_BYTES, "a manifest")
    try:
        manifest = json.loads(data)
    except ValueError:
        _refuse("not a Starlight content archive (no readable manifest.json)")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        _refuse("not a Starlight content archive (manifest.json names another format)")
    if manifest.get("version") != VERSION:
        _refuse(f"archive version {manifest.get('version')!r} is not one this site reads ({VERSION})")
    return manifest, data


def _check_signature(archive: zipfile.ZipFile, manifest: bytes, *, allow_foreign: bool) -> None:
    try:
        archive.getinfo(SIGNATURE)
    except KeyError:
        if allow_foreign:
            return
        _refuse(
            "the archive is not signed, so this site did not write it (or wrote it before backups were "
            "signed); if you trust where it comes from, pass --allow-foreign: it is then checked row by row "
            "and file by file"
        )
    given = _read_bounded(archive, SIGNATURE, 1024, "a signature").decode("ascii", "replace").strip()
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if any(constant_time_compare(given, sign(manifest, key)) for key in keys) or allow_foreign:
        return
    _refuse(
        "the archive's signature does not match this site's key: another site wrote it (or this one, "
        "under another SECRET_KEY), or its manifest was changed since; if you trust where it comes from, "
        "pass --allow-foreign: it is then checked row by row and file by file"
    )


def _listed_members(manifest: dict, names: list[str], sizes: dict[str, int], *, allow_foreign: bool):
    listed = manifest.get("members")
    if listed is None:
        if not allow_foreign:  # a signed archive always lists them
            _refuse("the manifest does not list the archive's members")
        return None
    if not isinstance(listed, dict) or not all(
        isinstance(entry, dict)
        and isinstance(entry.get("size"), int)
        and isinstance(entry.get("sha256"), str)
        and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
        for entry in listed.values()
    ):
        _refuse("the manifest's list of members is not one a backup writes")
    present = set(names) - {MANIFEST, SIGNATURE}
    for name in sorted(present - set(listed)):
        _refuse(f"{name} is in the archive but not in its manifest: it was added after the archive was written")
    for name in sorted(set(listed) - present):
        _refuse(f"{name} is in the manifest but not in the archive: the archive is incomplete")
    for name in sorted(present):
        if sizes[name] != listed[name]["size"]:
            _refuse(f"{name} is {sizes[name]:,} bytes; the manifest says {listed[name]['size']:,}")
    return listed


def _survey(archive: zipfile.ZipFile, *, allow_foreign: bool) -> _Archive:
    """What the archive holds, from its directory and manifest alone: refuses any member a backup
    never writes, a signature that does not match, and members that differ from the manifest."""
    infos = [info for info in archive.infolist() if not info.is_dir()]
    names = [info.filename for info in infos]
    twice = next((name for name, count in Counter(names).items() if count > 1), None)
    if twice is not None:
        _refuse(f"the archive holds {twice} twice")
    manifest, written = _read_manifest(archive)
    _check_signature(archive, written, allow_foreign=allow_foreign)
    sizes = {info.filename: info.file_size for info in infos}
    listed = _listed_members(manifest, names, sizes, allow_foreign=allow_foreign)

    labels = {model._meta.label_lower: model for model in backed_up_models()}
    found: dict[str, str] = {}
    media: dict[str, str] = {}
    cap = _image_cap()
    for name in names:
        if name in (MANIFEST, SIGNATURE, ACCOUNTS):
            continue
        if name.startswith("content/"):
            match = _CONTENT_MEMBER.fullmatch(name)
            if not match:
                _refuse(f"{name} is not a member a backup writes")
            label = match["label"]
            if label not in labels:
                _refuse(
                    f"{name} holds {label} rows, which a backup never holds "
                    "(only the content people write, its history and old addresses)"
                )
            if label in found:
                _refuse(f"the archive holds {label} rows twice ({found[label]} and {name})")
            found[label] = name
        elif name.startswith("media/"):
            stored = _storage_name(name[len("media/") :])
            if stored is None:
                _refuse(f"the archive names a file outside the media folder ({name}); refusing it")
            if format_of_name(stored) is None:
                _refuse(f"{name} is not a picture's name: the media folder takes JPEG, PNG and WebP pictures only")
            if sizes[name] > cap:
                _refuse(f"{name} is {sizes[name]:,} bytes; a picture may be {cap:,} at most")
            media[stored] = name
        else:
            _refuse(f"{name} is not a member a backup writes")

    missing = manifest.get("missing", [])
    if not isinstance(missing, list) or not all(isinstance(name, str) for name in missing):
        _refuse("the manifest's list of missing files is not one a backup writes")
    return _Archive(
        zip=archive,
        manifest=manifest,
        listed=listed,
        content=[(model, found[label]) for label, model in labels.items() if label in found],
        media=media,
        has_accounts=ACCOUNTS in sizes,
        missing=frozenset(missing),
    )


def _verify(packed: _Archive, member: str, digest: str) -> None:
    """The first read of a member must match the manifest; the second, the first."""
    known = packed.digests.get(member)
    if known is not None:
        if digest != known:
            _refuse(f"{member} changed while it was being restored")
        return
    packed.digests[member] = digest
    if packed.listed is not None and digest != packed.listed[member]["sha256"]:
        _refuse(f"{member} does not match the manifest (its SHA-256 differs): changed or damaged since it was written")


def _lines(packed: _Archive, member: str) -> Iterator[tuple[int, bytes]]:
    """The non-blank lines of a JSON-lines member, numbered; its digest is checked once all are read."""
    hashed = hashlib.sha256()
    with _reading(member), packed.zip.open(member) as stream:
        for number in itertools.count(1):
            line = stream.readline(MAX_ROW_BYTES + 1)
            if not line:
                break
            hashed.update(line)
            if len(line) > MAX_ROW_BYTES:
                _refuse(f"{member}, line {number}: longer than a row may be ({MAX_ROW_BYTES:,} bytes)")
            if line.strip():
                yield number, line
    _verify(packed, member, hashed.hexdigest())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
        return " ".join(exc.messages)
    return " ".join(str(exc).split()) or type(exc).__name__


# Reading: accounts -----------------------------------------------------------------------------


def _parsed(line: bytes, where: str, what: str):
    """One line of a JSON-lines member, or the archive refused for it."""
    try:
        return json.loads(line)
    except ValueError:
        _refuse(f"{where}: not {what}")


def _accounts(packed: _Archive) -> Iterator[tuple[str, dict]]:
    """Each account as a restore may create it: username, names, e-mail and whether it is active."""
    if not packed.has_accounts:
        return
    seen: set[str] = set()
    for number, line in _lines(packed, ACCOUNTS):
        where = f"{ACCOUNTS}, line {number}"
        values = _parsed(line, where, "a JSON object")
        if not isinstance(values, dict):
            _refuse(f"{where}: not a JSON object")
        unknown = set(values) - set(_ACCOUNT_FIELDS) - _IGNORED_ACCOUNT_KEYS
        if unknown:
            _refuse(f"{where}: {', '.join(sorted(unknown))}: not something a backup holds of an account")
        username = values.get("username")
        if not isinstance(username, str) or not username:
            _refuse(f"{where}: an account without a username")
        for key in _ACCOUNT_FIELDS:
            if key in values and not isinstance(values[key], bool if key == "is_active" else str):
                _refuse(f"{where}: {key}: not a value a backup writes ({values[key]!r:.80})")
        if username in seen:
            _refuse(f"{where}: the account {username} a second time")
        seen.add(username)
        yield f"{where} ({username})", {key: values[key] for key in _ACCOUNT_FIELDS if key in values}


def _new_account(where: str, values: dict):
    user = get_user_model()(**values)  # never staff, never superuser
    user.set_unusable_password()
    try:
        user.full_clean(exclude=["password", "last_login", "date_joined"], validate_unique=False)
    except ValidationError as exc:
        _refuse(f"{where}: {_reason(exc)}")
    return user


def _check_accounts(packed: _Archive) -> set[str]:
    usernames = set()
    for where, values in _accounts(packed):
        _new_account(where, values)
        usernames.add(values["username"])
    return usernames


def _restore_accounts(packed: _Archive) -> int:
    manager = get_user_model()._default_manager
    created = 0
    for where, values in _accounts(packed):
        if not manager.filter(username=values["username"]).exists():  # an existing account is left alone
            _new_account(where, values).save()
            created += 1
    return created


# Reading: rows ---------------------------------------------------------------------------------


def _objects(packed: _Archive, model, member: str) -> Iterator[tuple[str, DeserializedObject]]:
    """Each row of a model's member, deserialized, with where it is: anything but a row of that model,
    as the export writes it, refuses the archive."""
    label = model._meta.label_lower
    user_fields = [f.name for f in _user_fields(model)]
    for number, line in _lines(packed, member):
        where = f"{member}, line {number}"
        data = _parsed(line, where, "a JSON row")
        if not (isinstance(data, dict) and set(data) == {"model", "pk", "fields"} and isinstance(data["fields"], dict)):
            _refuse(f"{where}: not a row as a backup writes it")
        if data["model"] != label:
            _refuse(f"{where}: a {data['model']!r} row, where only {label} rows belong")
        where = f"{where} ({label} {data['pk']!r})"
        for name in user_fields:  # accounts by username only, never by this site's ids
            value = data["fields"].get(name)
            if value is not None and not (isinstance(value, list) and len(value) == 1 and isinstance(value[0], str)):
                _refuse(f"{where}: {name} must name an account by its username")
        try:
            item = next(iter(PythonDeserializer([data], handle_forward_references=True)))
        except _BAD_ROW as exc:
            _refuse(f"{where}: {_reason(exc)}")
        yield where, item


def _texts(obj) -> list:
    return [
        getattr(obj, f.attname) for f in obj._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)
    ]


def _clean(model, obj) -> bool:
    """Clean a row as a save of it would (its history rows as the row they copy); True if that changed it."""
    saved_as = getattr(model, "instance_type", model)
    before = _texts(obj)
    clean_as_saved(saved_as, obj)
    if issubclass(saved_as, Article) and obj.body:  # what Article.save does to the body
        body = sanitize_html(obj.body)
        if body != obj.body:
            obj.body, obj.fingerprint = body, text_fingerprint(html_to_text(body))
    return _texts(obj) != before


def _check_file_name(packed: _Archive, where: str, name) -> None:
    """A picture a row names: a plain name inside the media folder, for a picture, that is there."""
    if _storage_name(name) is None:
        _refuse(f"{where} names {name!r}, which is not a file in the media folder")
    if format_of_name(name) is None:
        _refuse(f"{where} names {name}, which is not a picture (JPEG, PNG or WebP)")
    if name in packed.media or name in packed.missing or default_storage.exists(name):
        return
    _refuse(f"{where} names {name}, which is neither in the archive nor in the media folder")


def _check_files(packed: _Archive, model, obj, where: str) -> None:
    if is_history_model(model):
        return
    for file_field in _file_fields(model):
        value = getattr(obj, file_field.attname)
        name = value.name if isinstance(value, FieldFile) else value  # JSON may hold anything here
        if name:
            _check_file_name(packed, f"{where}: {file_field.name}", name)
    if not _keeps_renditions(model):
        return
    renditions = obj.renditions
    if not isinstance(renditions, list) or not all(
        isinstance(rendition, dict)
        and set(rendition) == {"width", "height", "name"}
        and all(type(rendition[side]) is int and rendition[side] > 0 for side in ("width", "height"))
        for rendition in renditions
    ):
        _refuse(f"{where}: renditions: not a list of pictures as a save writes it")
    for rendition in renditions:
        _check_file_name(packed, f"{where}: a rendition", rendition["name"])


def _unchecked(model, obj, item: DeserializedObject) -> list[str]:
    """Fields a restore's field validation leaves to others: relations (the database checks them once
    every row is in), files (checked above), generated columns, and the empty values the site itself
    writes though a form would not take them: a null where the column allows one (a history row's
    change reason), an empty value the form never shows (a picture without renditions yet)."""
    skipped = {f.name for f in item.deferred_fields or {}}
    for f in model._meta.concrete_fields:
        value = getattr(obj, f.attname)
        if f.is_relation or isinstance(f, models.FileField | models.GeneratedField):
            skipped.add(f.name)
        elif (value is None and f.null) or (not f.editable and value in f.empty_values):
            skipped.add(f.name)
    return sorted(skipped)


def _check_ids(model, obj, item: DeserializedObject) -> None:
    """The ids a row refers to are ids the database can hold (whether those rows exist, it checks itself)."""
    for relation in model._meta.concrete_fields:
        value = getattr(obj, relation.attname) if relation.is_relation else None
        if value is not None:
            _validated(relation.name, relation.target_field, [value])
    for name, values in (item.m2m_data or {}).items():
        _validated(name, model._meta.get_field(name).target_field, values)


def _validated(name: str, id_field, values) -> None:
    try:
        for value in values:
            id_field.run_validators(value)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from exc


def _check_row(packed: _Archive, model, where: str, item: DeserializedObject, usernames: set[str]) -> bool:
    obj = item.object
    user = get_user_model()
    for relation, value in (item.deferred_fields or {}).items():
        if relation.related_model is user and value and value[0] in usernames:
            continue  # an account the archive brings: created before the rows
        _refuse(f"{where}: {relation.name} names {value!r:.80}, which neither the archive nor this site holds")
    try:
        cleaned = _clean(model, obj)
        obj.clean_fields(exclude=_unchecked(model, obj, item))
        _check_ids(model, obj, item)
    except ValidationError as exc:
        _refuse(f"{where}: {_reason(exc)}")
    if any("\x00" in text for text in _texts(obj) if isinstance(text, str)):
        _refuse(f"{where}: a text holding a NUL character")
    _check_files(packed, model, obj, where)
    if isinstance(obj, SlugRedirect | OldPath) and obj.content_type.model_class() not in content_models():
        _refuse(f"{where}: an old address of {obj.content_type.app_label}.{obj.content_type.model}, not of content")
    return cleaned


def _check_rows(packed: _Archive, model, member: str, usernames: set[str], counts: Counts) -> int:
    seen: set = set()
    for where, item in _objects(packed, model, member):
        pk = item.object.pk
        if pk is None:
            _refuse(f"{where}: a row without an id")
        if pk in seen:
            _refuse(f"{where}: a second row with this id")
        seen.add(pk)
        counts.cleaned_rows += _check_row(packed, model, where, item, usernames)
    return len(seen)


def _restore_rows(packed: _Archive) -> None:
    """What loaddata does, streamed from the archive: raw saves (no index or mention signals), foreign
    keys checked once at the end, PostgreSQL's id sequences moved past the restored rows. And one thing
    it cannot: the history keeps exactly its own rows, where setting an article's topics would add one.
    Each row is cleaned as the first pass cleaned it, and meets its model's own rules (`clean`) here,
    where the rows it refers to are in."""
    restored: list[type[models.Model]] = []
    with connection.constraint_checks_disabled():
        for model, member in packed.content:
            for where, item in _objects(packed, model, member):
                if item.deferred_fields:
                    _refuse(f"{where}: names rows that are not there")
                _clean(model, item.object)
                try:
                    if not is_history_model(model):
                        item.object.clean()
                    item.object.skip_history_when_saving = True
                    item.save()
                except (ValidationError, ObjectDoesNotExist, DatabaseError, OverflowError, ValueError) as exc:
                    _refuse(f"{where}: {_reason(exc)}")
            restored.append(model)
    try:
        connection.check_constraints(table_names=_tables(restored))
    except DatabaseError as exc:
        _refuse(f"the archive's rows do not fit together: {_reason(exc)}")
    statements = connection.ops.sequence_reset_sql(no_style(), restored)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _tables(restored: list[type[models.Model]]) -> list[str]:
    """The restored models' tables, and the tables of their many-to-many fields."""
    tables = [model._meta.db_table for model in restored]
    for model in restored:
        tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]
    return list(dict.fromkeys(tables))


# Reading: pictures -----------------------------------------------------------------------------


def _picture(packed: _Archive, stored: str, member: str) -> bytes:
    """A media member's bytes, checked: within the size limit however the zip describes it, matching
    the manifest, a JPEG, PNG or WebP picture that the upload form would accept, named for its kind."""
    data = _read_bounded(packed.zip, member, _image_cap(), "a picture")
    _verify(packed, member, hashlib.sha256(data).hexdigest())
    try:
        validate_image_file(io.BytesIO(data))
    except ValidationError as exc:
        _refuse(f"{member}: {_reason(exc)}")
    kind, named = image_format(io.BytesIO(data)), format_of_name(stored)
    if not same_kind(kind, named):
        _refuse(f"{member} is a {kind} picture under a name for {named} pictures")
    return data


def _same_bytes(name: str, data: bytes) -> bool:
    hashed = hashlib.sha256()
    with default_storage.open(name, "rb") as stored:
        for block in iter(lambda: stored.read(_BLOCK), b""):
            hashed.update(block)
    return hashed.digest() == hashlib.sha256(data).digest()


def _restore_files(packed: _Archive, counts: Counts, written: list[str]) -> None:
    for name, member in packed.media.items():
        data = _picture(packed, name, member)
        if default_storage.exists(name):
            if not _same_bytes(name, data):
                counts.kept_files.append(name)  # someone's file: never overwritten
            continue
        try:
            saved = default_storage.save(name, ContentFile(data, name=name))
        except OSError as exc:
            _refuse(f"cannot write {name} into the media folder: {exc.strerror or exc}")
        written.append(saved)
        if saved != name:
            _refuse(f"the media storage saved {name} as {saved}")
        counts.files += 1


# Restoring -------------------------------------------------------------------------------------


def import_content(path: Path, *, allow_non_empty: bool = False, allow_foreign: bool = False) -> Counts:
    """Restore an archive written by export_content. Raises BackupError with a reason, having written
    nothing. ``allow_foreign``: restore an archive this site did not sign (still checked throughout)."""
    try:
        archive = open_zip(path, max_entries=MAX_MEMBERS)
    except FileNotFoundError as exc:
        raise BackupError(f"{path} does not exist") from exc
    except TooManyEntries as exc:
        _refuse(str(exc))
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{path} is not a readable zip archive ({exc})") from exc
    with archive:
        packed = _survey(archive, allow_foreign=allow_foreign)
        there = existing_rows()
        if there and not allow_non_empty:
            listed = ", ".join(f"{count} {label}" for label, count in sorted(there.items()))
            raise BackupError(
                f"the database already holds content ({listed}); restore into an empty database, "
                "or pass --allow-non-empty to add the archive's rows (rows with the same id are replaced)"
            )
        counts = _check(packed)
        _write(packed, counts)
    call_command("rebuild_search_index", verbosity=0)
    return counts


def _check(packed: _Archive) -> Counts:
    """The first pass: reads every member, writes nothing."""
    counts = Counts()
    usernames = _check_accounts(packed)
    for model, member in packed.content:
        counts.rows[model._meta.label_lower] = _check_rows(packed, model, member, usernames, counts)
    for stored, member in packed.media.items():
        _picture(packed, stored, member)
    stated = packed.manifest.get("rows", {})
    if not isinstance(stated, dict):
        _refuse("the manifest's row counts are not ones a backup writes")
    for label in sorted(set(stated) | set(counts.rows)):
        said, held = stated.get(label, 0), counts.rows.get(label, 0)
        if said != held:
            _refuse(f"the manifest counts {said!r} {label} rows; the archive holds {held}")
    return counts


def _write(packed: _Archive, counts: Counts) -> None:
    """The second pass: accounts, rows and files in one transaction, files last; a failure rolls the
    rows back and deletes the files written."""
    written: list[str] = []
    try:
        with transaction.atomic():
            counts.accounts_created = _restore_accounts(packed)
            _restore_rows(packed)
            _restore_files(packed, counts, written)
            mark_changed()  # cached pages from before the restore are stale
    except BaseException as exc:
        for name in written:
            default_storage.delete(name)
        if isinstance(exc, DatabaseError):  # on committing: what PostgreSQL checks only then
            _refuse(f"the database refused the restore: {_reason(exc)}")
        raise
