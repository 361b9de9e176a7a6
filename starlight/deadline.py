"""A deadline for public requests, so a database that stops answering costs visitors seconds, not minutes.

A database that refuses connections fails fast, and one that accepts and never answers a new
connection is cut off by the connect timeout. But a connection the worker already holds (they are
kept for a minute) waits for an answer forever when the server hangs: the request would sit until
gunicorn kills the worker after 30 s, and the visitor would get a dropped connection. A public page
is long done by `REQUEST_DEADLINE_MS` (2.5 s), so a request still running then is stopped by an
interval timer, its database connection is dropped (it may be waiting mid-answer), and the
visitor gets the 503 page with Retry-After. When the timer caught the request waiting on the
database, the worker stops asking it for `BREAK_SECONDS` and answers 503 at once: under load, every
request would otherwise spend its 2.5 s waiting, and the queue behind them would grow without end.
The admin has no deadline: editors' bulk actions and imports may rightly take longer.

Signals reach only the main thread, which is where gunicorn's sync workers run requests; under a
threaded server the deadline is left off and the connect timeout is what remains.
"""

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import connections
from django.http import HttpResponse
from django.template import loader

from common.timeouts import time_limit

from .headers import PERMISSIONS_POLICY
from .middleware import PUBLIC_POLICY
from .views import RETRY_AFTER_SECONDS

T = TypeVar("T")
BREAK_SECONDS = 5.0
_database_down_until = 0.0  # time.monotonic(); until then this worker answers 503 without trying


class _PastDeadline(BaseException):
    """Raised by the timer: a BaseException, so no `except Exception` on the way can swallow it."""

    def __init__(self, in_database: bool):
        self.in_database = in_database


def _waiting_on_database(frame) -> bool:
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith(("django.db.", "psycopg")):
            return True
        frame = frame.f_back
    return False


def _expire(signum, frame):
    raise _PastDeadline(_waiting_on_database(frame))


def _seconds(path: str) -> float:
    """This request's deadline in seconds; 0: none (switched off, the admin, or not the main thread)."""
    seconds = settings.REQUEST_DEADLINE_MS / 1000
    if seconds <= 0 or path.startswith("/admin/") or threading.current_thread() is not threading.main_thread():
        return 0
    return seconds


def _stopped(stopped: _PastDeadline) -> None:
    for connection in connections.all(initialized_only=True):
        connection.close()  # it may be half-way through a query the server never answers
    if stopped.in_database:
        _break()


def database_down() -> bool:
    """The deadline caught this worker waiting on the database a moment ago: do not ask it yet."""
    return time.monotonic() < _database_down_until


def within_deadline(path: str, read: Callable[[], T], otherwise: T) -> T:
    """`read()` under the deadline, for work done before Django's handler runs (the page cache's
    database read); `otherwise` when the database is known to be down or the deadline passed."""
    seconds = _seconds(path)
    if not seconds:
        return read()
    if database_down():
        return otherwise
    try:
        with time_limit(seconds, _expire):
            return read()
    except _PastDeadline as stopped:
        _stopped(stopped)
        return otherwise


class RequestDeadlineMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = _seconds(request.path)
        if not seconds:
            return self.get_response(request)
        if database_down():
            return unavailable()
        try:
            with time_limit(seconds, _expire):
                return self.get_response(request)
        except _PastDeadline as stopped:
            _stopped(stopped)
            return unavailable()


def _break() -> None:
    global _database_down_until
    _database_down_until = time.monotonic() + BREAK_SECONDS


def unavailable() -> HttpResponse:
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = PUBLIC_POLICY
    response["Permissions-Policy"] = PERMISSIONS_POLICY
    return response
