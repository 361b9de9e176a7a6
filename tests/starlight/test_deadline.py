"""A public request whose query the database never answers gets the 503 page; a page that is merely
slow to render, as under load, is answered."""

import time

import pytest
from django.db import connection, connections
from django.db.backends import utils
from django.test import Client

from starlight import deadline, views

pytestmark = pytest.mark.django_db


def hang_on(marker: str, monkeypatch, seconds: float = 5):
    """Make the driver wait, as it does on a server that hangs, for every query that mentions `marker`."""
    real_execute = utils.CursorWrapper._execute

    def execute(self, sql, params, *args):
        if marker in sql:
            ends = time.monotonic() + seconds  # waiting on a socket that never answers, then giving up
            while time.monotonic() < ends:
                time.sleep(0.05)
        return real_execute(self, sql, params, *args)

    monkeypatch.setattr(utils.CursorWrapper, "_execute", execute)


def busy_for(seconds: float) -> None:
    """Work the CPU (no database) for a while: a render slowed down by the requests beside it."""
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        pass


@pytest.fixture
def deadline_on(settings, monkeypatch):
    settings.QUERY_DEADLINE_MS = 200
    monkeypatch.setattr(deadline, "PROBE_SECONDS", 0.2)
    monkeypatch.setattr(deadline, "_database_down_until", 0.0)
    closed = []
    wrapper = type(connections["default"])
    real_close = wrapper.close
    monkeypatch.setattr(wrapper, "close", lambda self: closed.append(self) or real_close(self))
    return closed


def timed_get(client, path="/"):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


@pytest.mark.django_db(transaction=True)  # a test transaction would keep the connection open
def test_a_database_that_stops_answering_gets_the_503_page_and_the_worker_stops_asking(deadline_on, monkeypatch):
    hang_on("", monkeypatch)  # every query, a new connection's "SELECT 1" too
    client = Client()
    response, seconds = timed_get(client, "/films/")
    assert seconds < 3
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Back in a moment" in response.content.decode()
    assert deadline_on  # the connection was dropped: it may have been waiting mid-answer
    assert deadline.database_down()

    monkeypatch.undo()  # the database answers again, but this worker does not ask it yet
    monkeypatch.setattr(deadline, "_database_down_until", time.monotonic() + 60)
    response, seconds = timed_get(client, "/healthz")
    assert response.status_code == 503 and seconds < 0.5

    monkeypatch.setattr(deadline, "_database_down_until", 0.0)  # the pause is over
    assert client.get("/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_one_slow_query_of_a_server_that_answers_fails_that_page_alone(deadline_on, monkeypatch, world):
    hang_on("catalog_film", monkeypatch)  # the other queries, and a new connection, are answered
    client = Client()
    assert client.get("/films/").status_code == 503
    assert not deadline.database_down()
    monkeypatch.undo()
    assert client.get("/people/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_server_that_really_hangs_is_cut_off(deadline_on, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("a database server that hangs: SQLite runs in the worker and has none")

    def hang_in_database(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(3)")  # ends by itself soon after: the test database can be dropped

    monkeypatch.setattr(views.HomeView, "get_context_data", hang_in_database)
    response, seconds = timed_get(Client())
    assert response.status_code == 503 and seconds < 3


@pytest.mark.django_db(transaction=True)
def test_a_slow_render_is_answered_and_no_outage_follows(deadline_on, monkeypatch, world):
    real_context = views.HomeView.get_context_data

    def slow_context(self, **kwargs):
        busy_for(0.5)  # far past the deadline, outside any query
        context = real_context(self, **kwargs)
        busy_for(0.5)
        return context

    monkeypatch.setattr(views.HomeView, "get_context_data", slow_context)
    response = Client().get("/")
    assert response.status_code == 200 and "Lost in Starlight" in response.content.decode()
    assert not deadline.database_down() and not deadline_on
    assert Client().get("/healthz").status_code == 200


def test_the_deadline_lets_normal_pages_through(settings, world):
    settings.QUERY_DEADLINE_MS = 5000
    for path in ("/", "/news/", "/ko/people/", "/search/?q=kim", "/healthz"):
        assert Client().get(path).status_code == 200, path


def test_the_admin_has_no_deadline(settings, admin_client, monkeypatch):
    settings.QUERY_DEADLINE_MS = 100
    hang_on("django_session", monkeypatch, seconds=0.3)
    assert admin_client.get("/admin/").status_code == 200
