"""Whole public pages for anonymous visitors, answered before Django's handler runs at all.

Two halves share this module:

- `PageCacheMiddleware`, first in MIDDLEWARE, stores each anonymous page as it leaves Django, with
  every header the other middleware added, the change count that `PageVersionMiddleware` read before
  the render, and the tags of what the render read (`common.cache_tags`).
- `PageCacheApplication` wraps the WSGI application gunicorn runs (starlight/wsgi.py). It answers a
  request from a stored page while none of the page's tags has changed since its count, before Django
  builds a request, sends its signals or runs any middleware: a hit does less work than a static file
  through WhiteNoise. Anything else goes on to Django.

A page is stored under its scheme, host, path and query string (the path carries the language:
English unprefixed, Korean under /ko/). An edit invalidates the tags of what it changed
(`caching.changes`), so the pages that show it render afresh on their next request, on every worker
and host, and every other page stays: nothing is purged by hand and no page can be served stale.

The change count is read from the database on every hit (one small query; one more after a change, for
the tags it touched): the database is where every writer commits, so a page is never served after a
change, whichever process made it (one without Redis, one that could not reach Redis) and whatever
became of Redis. A render reads the count before it reads any content, so a page rendered while an
edit commits carries the older count and is never served after it. Each worker keeps its own copies
of the pages it served lately (`PAGE_CACHE_LOCAL_BYTES`), and stores what it renders in the cache the
workers share (`PAGE_CACHE_STORE`: Redis, shared by every host; without it, files the workers of one
host share): a page one worker rendered is fetched from there by the others instead of rendered again.

Stored pages carry their tags in `Surrogate-Key` (Fastly) and `Cache-Tag` (Cloudflare) headers, so a
CDN in front can purge exactly the pages an edit touched (`PURGE_HOOK`, docs/operations.md).

Only anonymous GET and HEAD requests are served or stored (a session or messages cookie means a
signed-in editor or a pending message); only 200 answers that set no cookie and do not ask to stay
private. Every stored answer carries an ETag and Last-Modified, and a matching conditional request
gets a 304. Staff get `Cache-Control: private, no-store`. `X-Page-Cache: hit` or `miss` says which.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import parse_cookie
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from caching import changes
from caching.cached import current_version
from caching.code_version import code_version
from common import cache_tags
from common.languages import accepted_language

from .deadline import within_deadline

logger = logging.getLogger(__name__)

# Addresses that carry no language: their answer follows the request's Accept-Language (the read API).
LANGUAGE_BY_HEADER_PREFIXES = ("/api/",)
SKIPPED_PREFIXES = ("/admin/", "/preview/", "/i18n/", "/healthz", "/static/", "/media/")
SIGNED_IN_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
MAX_QUERY = 512  # longer query strings are served but not stored
MAX_TAG_HEADER = 4000  # nginx's default header buffer is 4 or 8 KB; Fastly's and Cloudflare's tag limits 16 KB
NOT_STORED_HEADERS = {"set-cookie", "date", "x-page-cache"}
# What a 304 repeats of the full answer (RFC 9110 §15.4.5), as Django's own 304 does.
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "etag", "expires", "last-modified", "vary"}


class Entry(NamedTuple):
    number: int  # the change count read before the render
    epoch: str  # of the database that counted it
    code: str  # the release that rendered it
    tags: frozenset[str]  # what the render read
    expires: float  # time.time()
    etag: str
    last_modified: int
    status: str  # the WSGI status line
    headers: list[tuple[str, str]]
    content: bytes


def _key(environ) -> str:
    """Everything in the request a stored page may depend on: scheme, host, path and query string; the
    language asked for where the path does not say it."""
    parts = [
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    ]
    if environ.get("PATH_INFO", "").startswith(LANGUAGE_BY_HEADER_PREFIXES):
        parts.append(accepted_language(environ.get("HTTP_ACCEPT_LANGUAGE", "")))
    if settings.SECURE_PROXY_SSL_HEADER:  # a proxy in front says whether the visitor used https
        parts.append(environ.get(settings.SECURE_PROXY_SSL_HEADER[0], ""))
    if settings.USE_X_FORWARDED_HOST:
        parts.append(environ.get("HTTP_X_FORWARDED_HOST", ""))
    return "page:" + hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _may_use_cache(environ) -> bool:
    if not (
        settings.PAGE_CACHE_ENABLED
        and environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in environ
        and not environ.get("PATH_INFO", "").startswith(SKIPPED_PREFIXES)
        and len(environ.get("QUERY_STRING", "")) <= MAX_QUERY
    ):
        return False
    cookies = environ.get("HTTP_COOKIE")
    return not cookies or not any(name in parse_cookie(cookies) for name in SIGNED_IN_COOKIES)


def _storable(response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in ("private", "no-cache", "no-store"))
    )


class _LocalCopies:
    """This worker's copies of the pages it served lately, least recently used dropped first."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        size = len(entry.content)
        if size > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += size - (len(old.content) if old else 0)
            self.entries[key] = entry
            while self.size > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped.content)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


_copies = _LocalCopies(settings.PAGE_CACHE_LOCAL_BYTES)


class _SharedStore:
    """The cache the workers share pages through, or None: none set, or one that could not be opened."""

    def __init__(self):
        self.unusable = None  # the alias that could not be opened: said once, then left alone

    def get(self):
        alias = settings.PAGE_CACHE_STORE
        if not alias or alias == self.unusable:
            return None
        try:
            return caches[alias]
        except Exception as error:
            self.unusable = alias
            logger.warning(
                "The page cache the workers share (%s) cannot be opened: %s. Each worker keeps its own pages; "
                "set STARLIGHT_CACHE_DIR to a folder the site may write.",
                settings.CACHES[alias].get("LOCATION", alias),
                error,
            )
            return None


_shared = _SharedStore()


def forget_pages() -> None:
    """Drop this process's copies (a test's fresh start; a shared cache is cleared on its own)."""
    _copies.clear()
    _shared.unusable = None


def _current(entry: Entry | None) -> bool:
    """Whether the entry may be served: call `_read_version` first. It may ask the database."""
    # An entry of another shape (stored by an older release in a shared cache) is never current.
    return (
        isinstance(entry, Entry)
        and entry.code == code_version()
        and entry.expires > time.time()
        and changes.is_current(entry.number, entry.epoch, entry.tags)
    )


def _checked(path: str, check, *args) -> bool:
    try:
        # Under the query deadline, as if Django ran it: a database that hangs costs seconds.
        return within_deadline(path, lambda: check(*args), otherwise=False)
    except Exception:
        # Django opens a fresh connection for the render that follows, and reports what it finds.
        logger.warning("content version unreadable; rendering %s", path, exc_info=True)
        connection.close()
        return False


def _read_version() -> bool:
    changes.sync(changes.current())
    return True


def _shared_entry(store, key: str, path: str) -> Entry | None:
    try:
        return store.get(key)
    except Exception:  # a cache that is down: the page is rendered
        logger.warning("page cache unavailable; rendering %s", path, exc_info=True)
        return None


def _lookup(key: str, path: str) -> Entry | None:
    """The stored entry, if it may be served.

    This worker's copy first; another worker's (or host's) from the shared cache when this worker has
    none, or a stale one. The change count is read only when there is an entry to check.
    """
    entry = _copies.get(key)
    store = _shared.get()
    shared_asked = entry is None and store is not None
    if shared_asked:
        entry = _shared_entry(store, key, path)
    if entry is None or not _checked(path, _read_version):
        return None
    if _checked(path, _current, entry):
        if shared_asked:
            _copies.put(key, entry)
        return entry
    if shared_asked or store is None:
        return None
    entry = _shared_entry(store, key, path)
    if entry is not None and _checked(path, _current, entry):
        _copies.put(key, entry)
        return entry
    return None


def _not_modified(environ, entry: Entry) -> bool:
    """A conditional GET or HEAD the stored page answers with 304 (RFC 9110 §13.2.2)."""
    if if_none_match := environ.get("HTTP_IF_NONE_MATCH"):
        etags = parse_etags(if_none_match)
        return "*" in etags or entry.etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in etags}
    if if_modified_since := environ.get("HTTP_IF_MODIFIED_SINCE"):
        since = parse_http_date_safe(if_modified_since)
        return since is not None and entry.last_modified <= since
    return False


def cached_answer(environ) -> tuple[str, list[tuple[str, str]], bytes] | None:
    """The stored answer to this request, as a WSGI status, headers and body; None: let Django answer."""
    # A request that asks for a precondition to fail (If-Match, If-Unmodified-Since) is left to Django.
    if not _may_use_cache(environ) or "HTTP_IF_MATCH" in environ or "HTTP_IF_UNMODIFIED_SINCE" in environ:
        return None
    entry = _lookup(_key(environ), environ.get("PATH_INFO", ""))
    if entry is None:
        return None
    if _not_modified(environ, entry):
        headers = [(name, value) for name, value in entry.headers if name.lower() in NOT_MODIFIED_HEADERS]
        return "304 Not Modified", [*headers, ("X-Page-Cache", "hit")], b""
    return entry.status, [*entry.headers, ("X-Page-Cache", "hit")], entry.content


class PageCacheApplication:
    """The WSGI application: stored pages first, Django for everything else."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        answer = cached_answer(environ)
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]


def header_tags(tags: frozenset[str]) -> list[str]:
    """The tags a CDN is told a page carries: all of them, with `*` (a restore purges everything); past
    `MAX_TAG_HEADER` characters, each kind's rows as that kind's "any row" tag, which every change of one
    of its rows touches too, so that the header stays within what proxies and CDNs accept."""
    named = sorted({*tags, cache_tags.EVERYTHING})
    if sum(len(tag) + 1 for tag in named) <= MAX_TAG_HEADER:
        return named
    return sorted({cache_tags.any_row_tag_of(tag) if cache_tags.is_row_tag(tag) else tag for tag in named})


class PageCacheMiddleware:
    """Stores the anonymous pages Django renders; first in MIDDLEWARE, so it sees every header.

    The change count a page is stored under, and the tags of what it read, are collected by
    `PageVersionMiddleware`, further in: after the https redirect and static files, which need no
    database, and inside the query deadline.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        version = getattr(request, "page_cache_version", None)  # set only where the page may be stored
        if version is None or not _storable(response):
            return self._private(request, response)
        tags = request.page_cache_tags
        etag = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
        last_modified = int(version.changed_at.timestamp())
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_MAX_AGE,
            stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
        )
        named = header_tags(tags)
        response["Surrogate-Key"] = " ".join(named)
        response["Cache-Tag"] = ",".join(named)
        self._store(request, version, tags, response, etag, last_modified)
        response["X-Page-Cache"] = "miss"  # says which answers came from the cache, for operators and tests
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)

    @staticmethod
    def _private(request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _store(request, version, tags, response, etag, last_modified) -> None:
        seconds = settings.PAGE_CACHE_TIMEOUT
        if seconds < 1:
            return
        entry = Entry(
            number=version.number,
            epoch=version.epoch,
            code=code_version(),
            tags=tags,
            expires=time.time() + seconds,  # the entry carries its expiry: local copies keep to it too
            etag=etag,
            last_modified=last_modified,
            status=f"{response.status_code} {response.reason_phrase}",
            headers=[(name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS],
            content=response.content,
        )
        key = _key(request.META)
        if (store := _shared.get()) is not None:
            try:
                store.set(key, entry, timeout=seconds)
            except Exception:
                logger.warning("page cache unavailable; %s not stored", key, exc_info=True)
                return
        _copies.put(key, entry)


class PageVersionMiddleware:
    """Reads the change count before a storable page is rendered, and collects the tags of what the
    render reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request.META):
            return self.get_response(request)
        request.page_cache_version = current_version()
        with cache_tags.collecting() as tags:
            response = self.get_response(request)
        request.page_cache_tags = frozenset(tags)
        return response
