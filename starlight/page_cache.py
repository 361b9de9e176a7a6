"""Whole public pages for anonymous visitors, from the shared cache, before sessions or auth run.

A page is stored under the content version (`editorial.changes`) with its path, query string and
language (the path carries it: English unprefixed, Korean under /ko/). Any edit anywhere moves the
version, so the next request of every page, on every worker and host, renders afresh: nothing is
ever purged by hand and no page can be served stale. An entry also expires when the next scheduled
row goes live.

Only anonymous GET and HEAD requests are served or stored (a session or messages cookie means a
signed-in editor or a pending message); only 200 answers that set no cookie and do not ask to stay
private. Every public answer carries an ETag and Last-Modified, and a matching conditional request
gets a 304. Staff get `Cache-Control: private, no-store`. `X-Page-Cache: hit` or `miss` says which.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from editorial import changes

logger = logging.getLogger(__name__)

SKIPPED_PREFIXES = ("/admin/", "/preview/", "/i18n/", "/healthz", "/static/", "/media/")
SIGNED_IN_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
MAX_QUERY = 512  # longer query strings are served but not stored
NOT_STORED_HEADERS = {"set-cookie", "date"}


def _key(version, request) -> str:
    # The change time too: a database restored or started afresh counts from 1 again, and must not
    # meet the pages a shared cache kept from before.
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{version.number}.{version.changed_at.timestamp():.6f}:{digest}"


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


def _public_headers(response, *, etag: str, changed_at) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at.timestamp())
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )


def _from_entry(entry) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return self._private(request, self.get_response(request))
        version = changes.current()
        key = _key(version, request)
        entry = self._get(key)
        if entry is not None:
            response = _from_entry(entry)
            response["X-Page-Cache"] = "hit"
            return get_conditional_response(
                request, etag=response["ETag"], last_modified=int(version.changed_at.timestamp()), response=response
            )
        response = self.get_response(request)
        if not _storable(response):
            return self._private(request, response)
        etag = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
        _public_headers(response, etag=etag, changed_at=version.changed_at)
        headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS]
        self._set(key, (response.status_code, headers, response.content), version)
        response["X-Page-Cache"] = "miss"  # says which answers came from the cache, for operators and tests
        return get_conditional_response(
            request, etag=etag, last_modified=int(version.changed_at.timestamp()), response=response
        )

    @staticmethod
    def _private(request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _get(key):
        try:
            return cache.get(key)
        except Exception:  # a cache that is down serves every page from the database
            logger.warning("page cache unavailable; rendering %s", key, exc_info=True)
            return None

    @staticmethod
    def _set(key, entry, version):
        # Never past the moment the next scheduled row goes live (the version moves then anyway).
        seconds = min(settings.PAGE_CACHE_TIMEOUT, (version.next_go_live - timezone.now()).total_seconds())
        if seconds < 1:
            return
        try:
            cache.set(key, entry, timeout=int(seconds))
        except Exception:
            logger.warning("page cache unavailable; %s not stored", key, exc_info=True)
