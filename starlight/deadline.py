"""A deadline on each database query of a public request, so a database that stops answering costs
visitors seconds, not minutes, and a busy worker is never taken for a dead database.

A database that refuses connections fails fast, and one that accepts and never answers a new
connection is cut off by the connect timeout. But a connection the worker already holds (they are
kept for a minute) waits for an answer forever when the server hangs. So every query a public
request makes runs under `QUERY_DEADLINE_MS` of wall time (PostgreSQL; SQLite runs in the worker
and has no server to hang, so it has none by default): a query still waiting then is stopped by
an interval timer, its connection dropped (it may be waiting mid-answer), and the visitor gets the
503 page with Retry-After. If the server does not answer a new connection at once either, it is
down: the worker stops asking it for `BREAK_SECONDS` and answers 503 at once, since during an outage
every request would otherwise spend the deadline waiting and the queue behind them would grow
without end. A server that answers was only slow on that one query: nothing else is refused.

Only the time inside a query counts, never the render around it. Under load a page can take
seconds to come out because many requests share two cores; that is a slow page, not an outage, and
it is answered. A render that never ends is gunicorn's worker timeout's to stop. The admin has no
deadline: editors' bulk actions and imports may rightly run long queries.

Signals reach only the main thread, which is where gunicorn's sync workers run requests; under a
threaded server the deadline is left off and the connect timeout is what remains.
"""

import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.http import HttpResponse
from django.template import loader

from common.timeouts import time_limit

from .headers import PERMISSIONS_POLICY
from .middleware import PUBLIC_POLICY
from .views import RETRY_AFTER_SECONDS

T = TypeVar("T")
BREAK_SECONDS = 5.0
PROBE_SECONDS = 2.0  # how long a server that answers takes at most to answer "SELECT 1" on a new connection
_database_down_until = 0.0  # time.monotonic(); until then this worker answers 503 without trying


class _QueryPastDeadline(BaseException):
    """Raised by the timer inside a query: a BaseException, so no `except Exception` can swallow it."""


def _expire(signum, frame):
    raise _QueryPastDeadline


def _applies(path: str) -> bool:
    return settings.QUERY_DEADLINE_MS > 0 and not path.startswith("/admin/")


def _timed_query(execute, sql, params, many, context):
    """A connection's execute wrapper: the query under the deadline (no limit off the main thread)."""
    with time_limit(settings.QUERY_DEADLINE_MS / 1000, _expire):
        return execute(sql, params, many, context)


@contextmanager
def _queries_timed():
    with connection.execute_wrapper(_timed_query):
        yield


def _stopped() -> None:
    """A query ran past the deadline: drop the connection and, if the server does not answer even a
    new one at once, rest from asking it. A server that answers was slow on that query, not down."""
    global _database_down_until
    for open_connection in connections.all(initialized_only=True):
        open_connection.close()  # it may be half-way through a query the server never answers
    if not _answers_now():
        _database_down_until = time.monotonic() + BREAK_SECONDS


def _answers_now() -> bool:
    """A new connection and the simplest query, under a short limit of their own."""
    try:
        with time_limit(PROBE_SECONDS, _expire), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except (_QueryPastDeadline, DatabaseError):
        connection.close()
        return False


def database_down() -> bool:
    """A query of this worker's ran past the deadline a moment ago: do not ask the database yet."""
    return time.monotonic() < _database_down_until


def within_deadline(path: str, read: Callable[[], T], otherwise: T) -> T:
    """`read()` with its queries under the deadline, for work done before Django's handler runs (the
    page cache's database read); `otherwise` when the database is known to be down or did not answer."""
    if not _applies(path):
        return read()
    if database_down():
        return otherwise
    try:
        with _queries_timed():
            return read()
    except _QueryPastDeadline:
        _stopped()
        return otherwise


class QueryDeadlineMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _applies(request.path):
            return self.get_response(request)
        if database_down():
            return unavailable()
        try:
            with _queries_timed():
                return self.get_response(request)
        except _QueryPastDeadline:
            _stopped()
            return unavailable()


def unavailable() -> HttpResponse:
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = PUBLIC_POLICY
    response["Permissions-Policy"] = PERMISSIONS_POLICY
    return response
