"""Content changed: the one path every edit takes, and the version page caches are keyed on.

Any save or delete of a content row (the models of the apps whose `AppConfig.editorial_content` is
"written", and old slugs), any change of their many-to-many links, and every write that bypasses
signals (`mark_changed`: bulk imports, index rebuilds) adds one to `ContentVersion.version` when
its transaction commits, once per transaction. The number lives in the database, so every worker
and every host sees it on its next request whatever cache it has.

A scheduled row changes what visitors see without anybody saving anything: the moment the next one
goes live is kept beside the version, and the first request after it counts it as a change.

When the cache is one all workers and hosts share (`CACHE_IS_SHARED`: Redis), each change also moves
a counter kept there, in the same commit callback, so the page cache can check that a page is
current without asking the database (`starlight/page_cache.py`).
"""

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import Signal
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import ContentVersion, SlugRedirect
from .publishing import Status, content_models, publishable_models
from .release import release
from .sanitize import clean_rich_text
from .text import normalise_line_endings
from .weblinks import check_schemes

content_changed = Signal()
"""Sent after the commit that changed content (its `version` is the new number)."""

NOTHING_SCHEDULED = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
COUNTER = "content-changes"  # the change counter's key in a shared cache
_ROW = 1

logger = logging.getLogger(__name__)


def _bump() -> None:
    updated = ContentVersion.objects.filter(pk=_ROW).update(
        version=F("version") + 1, changed_at=timezone.now(), next_go_live=None
    )
    if not updated:
        ContentVersion.objects.get_or_create(pk=_ROW)
    if settings.CACHE_IS_SHARED:
        _count_in_shared_cache()
    content_changed.send(sender=ContentVersion)


def start_counter() -> int:
    """Start the shared counter above any value it held before (it may have been evicted or lost).

    It moves by one per change, so microseconds since the epoch stay ahead of it unless the site
    made more than a million changes a second. Returns the counter as it stands.
    """
    cache.add(COUNTER, time.time_ns() // 1000, timeout=None)
    return cache.get(COUNTER)


def _count_in_shared_cache() -> None:
    try:
        try:
            cache.incr(COUNTER)
        except ValueError:  # not there: evicted, or the cache restarted empty
            start_counter()
    except Exception:
        # The edit is saved. If the cache comes back without losing what it held, pages stored
        # before the edit are served until they expire (PAGE_CACHE_TIMEOUT): said loudly.
        logger.error("shared cache unreachable when content changed; cached pages may be stale", exc_info=True)


def mark_changed(**_signal_kwargs) -> None:
    """Count a change when the current transaction commits (at once outside one), once per transaction."""
    # Django keeps the pending callbacks on the connection; a callback from a rolled-back savepoint is
    # dropped from that list, so looking there never loses a change.
    if any(func is _bump for _savepoints, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_bump)


def _watched_models() -> list:
    return [*content_models(), SlugRedirect]


def connect_signals() -> None:
    for model in _watched_models():
        uid = f"editorial.changes.{model._meta.label}"
        pre_save.connect(check_schemes, sender=model, dispatch_uid=uid)
        pre_save.connect(normalise_line_endings, sender=model, dispatch_uid=f"{uid}.line-endings")
        pre_save.connect(clean_rich_text, sender=model, dispatch_uid=f"{uid}.rich-text")
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


def _as_datetime(value) -> dt.datetime | None:
    """A datetime column read with a plain cursor: aware already (PostgreSQL), or text in UTC (SQLite)."""
    if value is None or isinstance(value, dt.datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=dt.UTC)
    return parse_datetime(value).replace(tzinfo=dt.UTC)


def _read() -> tuple | None:
    # A plain cursor: this runs on every page-cache hit, where building the ORM query cost more than
    # the rest of the hit together (0.4 of 0.7 ms, profiled).
    quote = connection.ops.quote_name
    table = quote(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, changed_at, next_go_live FROM {table} WHERE id = %s", [_ROW])
        return cursor.fetchone()


def counter_stamp(counter: int) -> str:
    """The stamp of the content as the shared change counter stands, under this release's code."""
    return f"c{counter}.{release()}"


def version_stamp(number: int, changed_at: dt.datetime) -> str:
    # The change time too: a database restored or started afresh counts from 1 again, and must not
    # meet what a cache kept from before.
    return f"v{number}.{changed_at.timestamp():.6f}.{release()}"


def database_stamp() -> str | None:
    """The stamp of the content version as the database holds it: one read, no write (None: no row yet).

    It may lag `current()` only when a scheduled row has gone live and no request has counted it yet;
    anything kept under it expires at that moment anyway (`editorial.kept.lifetime`).
    """
    row = _read()
    return None if row is None else version_stamp(row[0], _as_datetime(row[1]))


def current() -> Version:
    """The content version: one query, more only on the first request after a change."""
    row = _read()
    if row is None:
        ContentVersion.objects.get_or_create(pk=_ROW)
        return current()
    number, changed_at, go_live = row[0], _as_datetime(row[1]), _as_datetime(row[2])
    now = timezone.now()
    if go_live is not None and go_live > now:
        return Version(number, changed_at, go_live)
    if go_live is not None:  # a scheduled row went live since: that is a change
        ContentVersion.objects.filter(pk=_ROW, version=number).update(
            version=F("version") + 1, changed_at=go_live, next_go_live=None
        )
        return current()
    # Worked out by whichever request comes first after a change; the others find it done.
    go_live = _next_go_live(now)
    ContentVersion.objects.filter(pk=_ROW, version=number, next_go_live=None).update(next_go_live=go_live)
    return Version(number, changed_at, go_live)
