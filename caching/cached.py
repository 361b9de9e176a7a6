"""Reads kept in the cache under the content cache version, so they are worked out once per change.

The cache version is the content version in the database (`caching.changes`), read once per
request. Anything kept under it is never read once the content changes, and never kept past the next
scheduled row's go-live moment. A read of nothing but the catalog's rows may be kept under the
catalog's own cache version instead (`section=CATALOG`), which only a change of those rows (or of no
known kind) moves.
"""

import hashlib
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db.models import Model
from django.http import QueryDict
from django.utils import timezone

from . import changes
from .code_version import code_version

T = TypeVar("T")
K = TypeVar("K")
logger = logging.getLogger(__name__)
_MISSING = object()


# The content version and the cache version, read once per request and only inside one (outside requests
# they are read every time). Read before anything is computed, so nothing a request keeps under the
# cache version is older than it. Per thread, as gunicorn runs requests; one attribute, set twice a request,
# because this runs on every request, static files and cache hits included.
_memo = threading.local()


def _start_memo(**_kwargs) -> None:
    _memo.values = {}


def _end_memo(**_kwargs) -> None:
    _memo.values = None


def _forget_memo(**_kwargs) -> None:
    if values := getattr(_memo, "values", None):
        values.clear()  # content changed during this request (an editor's save)


request_started.connect(_start_memo, dispatch_uid="caching.cached.memo")
request_finished.connect(_end_memo, dispatch_uid="caching.cached.memo")
changes.content_changed.connect(_forget_memo, dispatch_uid="caching.cached.memo")


def _memoized(name: str, read: Callable[[], T]) -> T:
    values = getattr(_memo, "values", None)
    if values is None:
        return read()
    if name not in values:
        values[name] = read()
    return values[name]


def current_version() -> changes.Version:
    """`caching.changes.current()`, once per request."""
    return _memoized("version", changes.current)


def cache_version(section: str | None = None) -> str:
    """What identifies the content as it stands (or one section of it, `caching.changes.SECTIONS`), as
    the database holds it.

    Anything kept in a cache under this cache version is never read after the content (or the section) changes.
    """
    version = current_version()
    if section is None:
        return changes.row_cache_version(version.number, version.changed_at)
    return version.section_versions[section]


def cached(key: str, compute: Callable[[], T], *, section: str | None = None) -> T:
    """`compute()`, kept in the cache under the content cache version for reuse until anything changes.

    For reads that many addresses share, or that cost far more than a cache lookup. Kept at most
    PAGE_CACHE_TIMEOUT, and never past the next scheduled row's go-live. A cache that is down only
    means computing every time.

    `section`: kept under that section's cache version instead (`caching.changes.CATALOG`), for a read of that
    section's rows alone, which other changes then leave to be reused.
    """
    full_key = f"kept:{key}:{cache_version(section)}"
    try:
        value = cache.get(full_key, _MISSING)
    except Exception:
        logger.warning("cache unavailable; computing %s", key, exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        if (seconds := lifetime(settings.PAGE_CACHE_TIMEOUT)) >= 1:
            try:
                cache.set(full_key, value, timeout=seconds)
            except Exception:
                logger.warning("cache unavailable; %s not kept", key, exc_info=True)
    return value


def cached_many(
    keys: dict[K, str], compute: Callable[[list[K]], dict[K, T]], *, section: str | None = None
) -> dict[K, T]:
    """Many values kept under the content cache version (or a section's, as `kept`), each under its own key:
    one round trip for all, then `compute(missing)` for the rest, in one go."""
    tag = cache_version(section)
    full_keys = {item: f"kept:{key}:{tag}" for item, key in keys.items()}
    return _cached_many(full_keys, compute, lambda: lifetime(settings.PAGE_CACHE_TIMEOUT))


def cached_by_inputs(keys: dict[K, str], compute: Callable[[list[K]], dict[K, T]]) -> dict[K, T]:
    """Many values, each worked out from nothing but what its key holds (`inputs_key`): one round
    trip for all, then `compute(missing)` for the rest.

    Such a value cannot go stale, so it is kept across changes of content, under the release alone
    (`caching.code_version`): an edit makes new keys for what it changed, and the rest is reused.
    """
    tag = code_version()
    full_keys = {item: f"kept:{key}:{tag}" for item, key in keys.items()}
    return _cached_many(full_keys, compute, lambda: settings.PAGE_CACHE_TIMEOUT)


def _cached_many(
    full_keys: dict[K, str], compute: Callable[[list[K]], dict[K, T]], lifetime_of: Callable[[], int]
) -> dict[K, T]:
    """One round trip for every key, `compute` for those missing, kept for `lifetime_of()` seconds
    (asked only when something is to be kept)."""
    try:
        stored = cache.get_many(list(full_keys.values()))
    except Exception:
        logger.warning("cache unavailable; computing %d reads", len(full_keys), exc_info=True)
        return compute(list(full_keys))
    found = {item: stored[full_key] for item, full_key in full_keys.items() if full_key in stored}
    missing = [item for item in full_keys if item not in found]
    if missing:
        computed = compute(missing)
        found.update(computed)
        if (seconds := lifetime_of()) >= 1:
            try:
                cache.set_many({full_keys[item]: value for item, value in computed.items()}, seconds)
            except Exception:
                logger.warning("cache unavailable; %d reads not kept", len(computed), exc_info=True)
    return found


def inputs_key(*inputs) -> str:
    """A short key for these inputs: model instances by every column they hold (a deferred one is
    not loaded for it), anything else by repr."""
    digest = hashlib.blake2b(digest_size=16)
    for value in inputs:
        if isinstance(value, Model):
            value = [value._meta.label, *(vars(value).get(field.attname) for field in value._meta.concrete_fields)]
        digest.update(repr(value).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


def lifetime(limit: float, version: changes.Version | None = None) -> int:
    """How long something read now may be kept: `limit` seconds, never past the next go-live moment."""
    version = version or current_version()
    return int(min(limit, (version.next_go_live - timezone.now()).total_seconds()))


def filters_asked(params: QueryDict, page_kwarg: str = "page") -> list[tuple[str, str]]:
    """What a list's address asks for besides its page, as sorted pairs: what keeps a list's total and
    its filter form apart from another's. Pairs, not "key=value" joined with "&": a value may hold "&"
    and "=" itself, and two different sets of filters then shared one key."""
    return sorted((key, value) for key, values in params.lists() if key != page_kwarg for value in values)
