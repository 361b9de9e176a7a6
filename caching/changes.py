"""Content changed: the one path every edit takes, and the version page caches are keyed on.

Any save or delete of a content row (the models of the apps whose `AppConfig.editorial_content` is
"written", and old slugs), any change of their many-to-many links, and every write that bypasses
signals (`mark_changed`: bulk imports, index rebuilds) adds one to `ContentVersion.version` when
its transaction commits, once per transaction. The number lives in the database, so every worker
and every host sees it on its next request whatever cache it has.

A scheduled row changes what visitors see without anybody saving anything: the moment the next one
goes live is kept beside the version, and the first request after it counts it as a change.

The database is the only place the version lives, also when a cache is shared (Redis): a process
that writes without a cache, or while the cache is down, still moves it, and a flushed cache loses
only copies. Every cached read and page is checked against it (`starlight/page_cache.py`).

A change of the catalog's rows (films, people, songs and what hangs on them: the models of an app
whose AppConfig says `cache_section = CATALOG`) also moves a second number, the catalog's. Reads
that take nothing but catalog rows are kept under it (`caching.cached.cached(..., section=CATALOG)`),
so an article saved or imported leaves them to be reused. A change whose kind is not known (a bulk
write, a restore) moves both.
"""

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from editorial.models import SlugRedirect
from editorial.publishing import Status, content_models, publishable_models

from .code_version import code_version
from .models import ContentVersion

content_changed = Signal()
"""Sent after the commit that changed content (its `version` is the new number)."""

NOTHING_SCHEDULED = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
CATALOG = "catalog"
_ROW = 1  # every change
_SECTION_ROWS = {CATALOG: 2}  # the changes of one section (a ContentVersion row each)
SECTIONS = tuple(_SECTION_ROWS)

logger = logging.getLogger(__name__)


def _bump(sections: frozenset[str] = frozenset()) -> None:
    rows = [_ROW, *(_SECTION_ROWS[section] for section in sorted(sections))]
    updated = ContentVersion.objects.filter(pk__in=rows).update(
        version=F("version") + 1, changed_at=timezone.now(), next_go_live=None
    )
    if updated < len(rows):
        for row in rows:
            ContentVersion.objects.get_or_create(pk=row)
    content_changed.send(sender=ContentVersion)


class _Pending:
    """The change a transaction will count when it commits, with the sections its writes touched."""

    def __init__(self, sections: set[str]):
        self.sections = sections

    def __call__(self):
        _bump(frozenset(self.sections))


def _sections(sender) -> set[str]:
    """The sections a change of `sender`'s rows moves: its app's, if it has one; all of them when
    the kind of row is not known."""
    if sender is None:
        return set(_SECTION_ROWS)
    section = getattr(sender._meta.app_config, "cache_section", None)
    if section is not None and section not in _SECTION_ROWS:
        raise ImproperlyConfigured(
            f"{sender._meta.app_label}: cache_section must be one of {SECTIONS}, not {section!r}"
        )
    return {section} if section else set()


def mark_changed(sender=None, **_signal_kwargs) -> None:
    """Count a change when the current transaction commits (at once outside one), once per transaction.

    `sender`: the model whose rows changed (as signals send it); without it the change moves every
    section, which is what a write of many kinds at once (a restore, an index rebuild) needs.
    """
    # Django keeps the pending callbacks on the connection; a callback from a rolled-back savepoint is
    # dropped from that list, so looking there never loses a change.
    sections = _sections(sender)
    pending = next((func for _ids, func, _robust in connection.run_on_commit if isinstance(func, _Pending)), None)
    if pending is None:
        transaction.on_commit(_Pending(sections))  # outside a transaction this counts at once
    else:
        pending.sections |= sections


def _watched_models() -> list:
    return [*content_models(), SlugRedirect]


def connect_signals() -> None:
    for model in _watched_models():
        uid = f"caching.changes.{model._meta.label}"
        post_save.connect(mark_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(mark_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                m2m_changed.connect(mark_changed, sender=field.remote_field.through, dispatch_uid=uid)


def _next_go_live(now: dt.datetime) -> dt.datetime:
    """The first scheduled publish time after `now`, of any kind of row: one statement for them all."""
    quote = connection.ops.quote_name
    selects = [
        f"SELECT MIN({quote('publish_at')}) AS first FROM {quote(model._meta.db_table)} "
        f"WHERE {quote('status')} = %s AND {quote('publish_at')} > %s"
        for model in publishable_models()
    ]
    moments = []
    if selects:
        with connection.cursor() as cursor:
            moment = connection.ops.adapt_datetimefield_value(now)
            cursor.execute(" UNION ALL ".join(selects), [Status.PUBLISHED, moment] * len(selects))
            moments = [_as_datetime(row[0]) for row in cursor.fetchall()]
    return min((moment for moment in moments if moment is not None), default=NOTHING_SCHEDULED)


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: dt.datetime  # when visitors last saw a change
    next_go_live: dt.datetime  # when the next scheduled row will change what they see
    section_versions: dict[str, str] = dataclasses.field(
        default_factory=dict, compare=False
    )  # section → its cache version


def _as_datetime(value) -> dt.datetime | None:
    """A datetime column read with a plain cursor: aware already (PostgreSQL), or text in UTC (SQLite)."""
    if value is None or isinstance(value, dt.datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=dt.UTC)
    return parse_datetime(value).replace(tzinfo=dt.UTC)


def _read() -> tuple | None:
    # A plain cursor: this runs on every page-cache hit, where building the ORM query cost more than
    # the rest of the hit together.
    quote = connection.ops.quote_name
    table = quote(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, changed_at, next_go_live FROM {table} WHERE id = %s", [_ROW])
        return cursor.fetchone()


def row_cache_version(number: int, changed_at: dt.datetime, section: str = "") -> str:
    # The change time too: a database restored or started afresh counts from 1 again, and must not
    # meet what a cache kept from before.
    return f"{section}v{number}.{changed_at.timestamp():.6f}.{code_version()}"


def database_cache_version() -> str | None:
    """The cache version of the content version as the database holds it: one read, no write (None: no row yet).

    It may lag `current()` only when a scheduled row has gone live and no request has counted it yet;
    anything kept under it expires at that moment anyway (`caching.cached.lifetime`).
    """
    row = _read()
    return None if row is None else row_cache_version(row[0], _as_datetime(row[1]))


def _read_all() -> dict[int, tuple]:
    """Every version row (the content's and each section's), by id: one query."""
    quote = connection.ops.quote_name
    table = quote(ContentVersion._meta.db_table)
    rows = [_ROW, *_SECTION_ROWS.values()]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, version, changed_at, next_go_live FROM {table} WHERE id IN ({', '.join(['%s'] * len(rows))})",
            rows,
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def current() -> Version:
    """The content version: one query, more only on the first request after a change."""
    rows = _read_all()
    if len(rows) < 1 + len(_SECTION_ROWS):  # a new database, or one from before sections
        for row in (_ROW, *_SECTION_ROWS.values()):
            ContentVersion.objects.get_or_create(pk=row)
        return current()
    version, changed_at, go_live = rows[_ROW][0], _as_datetime(rows[_ROW][1]), _as_datetime(rows[_ROW][2])
    section_versions = {
        section: row_cache_version(rows[row][0], _as_datetime(rows[row][1]), section)
        for section, row in _SECTION_ROWS.items()
    }
    now = timezone.now()
    if go_live is not None and go_live > now:
        return Version(version, changed_at, go_live, section_versions)
    if go_live is not None:  # a scheduled row went live since: that is a change
        ContentVersion.objects.filter(pk=_ROW, version=version).update(
            version=F("version") + 1, changed_at=go_live, next_go_live=None
        )
        return current()
    # Worked out by whichever request comes first after a change; the others find it done.
    go_live = _next_go_live(now)
    ContentVersion.objects.filter(pk=_ROW, version=version, next_go_live=None).update(next_go_live=go_live)
    return Version(version, changed_at, go_live, section_versions)
