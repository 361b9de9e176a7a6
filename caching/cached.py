"""Reads kept in the cache until something they read changes, so they are worked out once per change.

Each kept value carries the change count read before it was worked out and the tags of what it read
(`common.cache_tags`); it is used while none of those tags has changed since (`caching.changes`).
The count is read from the database once per request.
"""

import hashlib
import logging
import threading
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db.models import Model
from django.http import QueryDict

from common import cache_tags

from . import changes
from .code_version import code_version

T = TypeVar("T")
K = TypeVar("K")
logger = logging.getLogger(__name__)


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


def _read_version() -> changes.Version:
    version = changes.current()
    changes.sync(version)
    return version


def current_version() -> changes.Version:
    """`caching.changes.current()`, once per request, with what this process knows of the tags brought
    up to it."""
    return _memoized("version", _read_version)


class Kept(NamedTuple):
    """A value kept in the cache, with the count it was worked out at and the tags of what it read."""

    number: int
    epoch: str
    tags: frozenset[str]
    value: object


def _usable(kept) -> bool:
    # A value of another shape (kept by an older release in a shared cache) is never used.
    return isinstance(kept, Kept) and changes.is_current(kept.number, kept.epoch, kept.tags)


def _work_out(compute: Callable[[], T], version: changes.Version, shows: frozenset[str] = frozenset()) -> Kept:
    with cache_tags.collecting() as tags:
        value = compute()
        tags.update(shows)
    return Kept(version.number, version.epoch, frozenset(tags), value)


def cached(key: str, compute: Callable[[], T], *, shows: frozenset[str] = frozenset()) -> T:
    """`compute()`, kept in the cache for reuse until something it read changes (its tags).

    For reads that many addresses share, or that cost far more than a cache lookup. Kept at most
    PAGE_CACHE_TIMEOUT. A cache that is down only means computing every time. The page being worked
    out takes the tags of the value, kept or computed.

    `shows`: tags of rows read before, outside `compute`, that the value shows too (an article whose
    related articles it is).
    """
    full_key = f"kept:{key}:{code_version()}"
    version = current_version()
    try:
        kept = cache.get(full_key)
    except Exception:
        logger.warning("cache unavailable; computing %s", key, exc_info=True)
        kept = None
    if _usable(kept):
        cache_tags.depends_on(*kept.tags)
        return kept.value
    kept = _work_out(compute, version, shows)
    try:
        cache.set(full_key, kept, timeout=settings.PAGE_CACHE_TIMEOUT)
    except Exception:
        logger.warning("cache unavailable; %s not kept", key, exc_info=True)
    return kept.value


def cached_many(keys: dict[K, str], compute: Callable[[list[K]], dict[K, T]]) -> dict[K, T]:
    """Many values kept as `cached` keeps one, each under its own key: one round trip for all, then
    `compute(missing)` for those missing or stale, in one go (each kept with the tags of that go)."""
    full_keys = {item: f"kept:{key}:{code_version()}" for item, key in keys.items()}
    version = current_version()
    try:
        stored = cache.get_many(list(full_keys.values()))
    except Exception:
        logger.warning("cache unavailable; computing %d reads", len(full_keys), exc_info=True)
        stored = {}
    found, missing = {}, []
    for item, full_key in full_keys.items():
        kept = stored.get(full_key)
        if _usable(kept):
            cache_tags.depends_on(*kept.tags)
            found[item] = kept.value
        else:
            missing.append(item)
    if missing:
        worked_out = _work_out(lambda: compute(missing), version)
        found.update(worked_out.value)
        fresh = {full_keys[item]: worked_out._replace(value=value) for item, value in worked_out.value.items()}
        try:
            cache.set_many(fresh, settings.PAGE_CACHE_TIMEOUT)
        except Exception:
            logger.warning("cache unavailable; %d reads not kept", len(fresh), exc_info=True)
    return found


def cached_by_inputs(keys: dict[K, str], compute: Callable[[list[K]], dict[K, T]]) -> dict[K, T]:
    """Many values, each worked out from nothing but what its key holds (`inputs_key`): one round
    trip for all, then `compute(missing)` for the rest.

    Such a value cannot go stale, so it is kept across changes of content, under the release alone
    (`caching.code_version`): an edit makes new keys for what it changed, and the rest is reused.
    """
    tag = code_version()
    full_keys = {item: f"kept:{key}:{tag}" for item, key in keys.items()}
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
        try:
            cache.set_many({full_keys[item]: value for item, value in computed.items()}, settings.PAGE_CACHE_TIMEOUT)
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


def filters_asked(params: QueryDict, page_kwarg: str = "page") -> list[tuple[str, str]]:
    """What a list's address asks for besides its page, as sorted pairs: what keeps a list's total and
    its filter form apart from another's. Pairs, not "key=value" joined with "&": a value may hold "&"
    and "=" itself, and two different sets of filters then shared one key."""
    return sorted((key, value) for key, values in params.lists() if key != page_kwarg for value in values)
