"""Whole public pages for anonymous visitors, from the shared cache, before sessions or auth run.

A page is stored under its path and query string (the path carries the language: English
unprefixed, Korean under /ko/), stamped with the content version it was rendered under. A stored
page is served only while the stamp is current, so any edit anywhere makes the next request of
every page, on every worker and host, render afresh: nothing is purged by hand and no page can be
served stale. An entry also expires when the next scheduled row goes live.

The stamp comes from one of two places:

- With a cache every worker and host shares (Redis), from a change counter kept in that cache and
  moved by every commit that changes content (`editorial.changes.content_changed`). A hit is then
  one round trip to the cache for the counter and the page together, and no database query.
  A render reads the counter before it reads any content, so a page rendered while an edit commits
  carries the older stamp and is never served after the counter moves.
- Otherwise (local memory: one cache per process), from the content version in the database: one
  query per hit.

Only anonymous GET and HEAD requests are served or stored (a session or messages cookie means a
signed-in editor or a pending message); only 200 answers that set no cookie and do not ask to stay
private. Every public answer carries an ETag and Last-Modified, and a matching conditional request
gets a 304. Staff get `Cache-Control: private, no-store`. `X-Page-Cache: hit` or `miss` says which.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from editorial import changes
from editorial.kept import current_version, lifetime
from editorial.kept import stamp as content_stamp

logger = logging.getLogger(__name__)

SKIPPED_PREFIXES = ("/admin/", "/preview/", "/i18n/", "/healthz", "/static/", "/media/")
SIGNED_IN_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
MAX_QUERY = 512  # longer query strings are served but not stored
NOT_STORED_HEADERS = {"set-cookie", "date"}


def _key(request) -> str:
    return "page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]


def _may_use_cache(request) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in SIGNED_IN_COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(SKIPPED_PREFIXES)
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY
    )


def _storable(response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in ("private", "no-cache", "no-store"))
    )


def _public_headers(response, *, etag: str, last_modified: int) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )


class _LocalCopies:
    """This worker's copies of the pages it served lately, least recently used dropped first.

    With a shared cache, a hit then fetches only the change counter from Redis (a few bytes) and
    serves its own copy if the stamps agree; the page itself crosses the network once per change.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        size = len(entry[-1])
        if size > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += size - (len(old[-1]) if old else 0)
            self.entries[key] = entry
            while self.size > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[-1])


_copies = _LocalCopies(settings.PAGE_CACHE_LOCAL_BYTES)


def _current(entry, stamp) -> bool:
    return entry is not None and entry[0] == stamp and entry[1] > time.time()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return self._private(request, self.get_response(request))
        key = _key(request)
        stamp, entry = self._lookup(key)
        if stamp is None:
            stamp = content_stamp()  # the database version (read once per request)
        if _current(entry, stamp):
            _stamp, _expires, last_modified, status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return get_conditional_response(
                request, etag=response["ETag"], last_modified=last_modified, response=response
            )
        version = current_version()  # for Last-Modified and the next scheduled row
        response = self.get_response(request)
        if not _storable(response):
            return self._private(request, response)
        etag = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
        last_modified = int(version.changed_at.timestamp())
        _public_headers(response, etag=etag, last_modified=last_modified)
        headers = {name: value for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS}
        self._set(key, stamp, (last_modified, response.status_code, headers, response.content), version)
        response["X-Page-Cache"] = "miss"  # says which answers came from the cache, for operators and tests
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)

    @staticmethod
    def _private(request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _lookup(key) -> tuple:
        """The current stamp (None: read the database) and the stored entry, in one round trip."""
        try:
            if not settings.CACHE_IS_SHARED:
                return None, cache.get(key)
            copy = _copies.get(key) if _copies.max_bytes else None
            if copy is not None:
                counter = cache.get(changes.COUNTER)
                if counter is not None and _current(copy, counter):
                    return counter, copy
                found = {changes.COUNTER: counter, key: cache.get(key)}
            else:
                found = cache.get_many([changes.COUNTER, key])
            counter = found.get(changes.COUNTER)
            if counter is None:
                counter = changes.start_counter()
            entry = found.get(key)
            if _current(entry, counter) and _copies.max_bytes:
                _copies.put(key, entry)
            return counter, entry
        except Exception:  # a cache that is down serves every page from the database
            logger.warning("page cache unavailable; rendering %s", key, exc_info=True)
            return None, None

    @staticmethod
    def _set(key, stamp, page, version):
        seconds = lifetime(settings.PAGE_CACHE_TIMEOUT, version)
        if seconds < 1:
            return
        entry = (stamp, time.time() + seconds, *page)  # it carries its expiry: local copies keep to it too
        try:
            cache.set(key, entry, timeout=seconds)
        except Exception:
            logger.warning("page cache unavailable; %s not stored", key, exc_info=True)
            return
        if settings.CACHE_IS_SHARED and _copies.max_bytes:
            _copies.put(key, entry)
