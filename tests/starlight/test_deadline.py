"""A public request that outlives its deadline (a database that stopped answering) gets the 503 page."""

import time

import pytest
from django.db import connection, connections
from django.test import Client

from starlight import deadline, views

pytestmark = pytest.mark.django_db


def hang_in_database(*args, **kwargs):
    """What a request sees when the database server hangs: a query that never returns."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(3)")  # ends by itself soon after: the test database can be dropped


def slow_page(*args, **kwargs):
    time.sleep(30)


@pytest.fixture
def deadline_on(settings, monkeypatch):
    settings.REQUEST_DEADLINE_MS = 300
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
def test_a_hung_database_gets_the_503_page_and_the_worker_stops_asking_for_a_while(deadline_on, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("a database server that hangs: SQLite has none (its lock waits end in an error after 5 s)")
    monkeypatch.setattr(views.HomeView, "get_context_data", hang_in_database)
    client = Client()
    response, seconds = timed_get(client)
    assert seconds < 3
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Back in a moment" in response.content.decode()
    assert deadline_on  # the connection was dropped: it may have been waiting mid-answer

    monkeypatch.undo()  # the database answers again, but this worker does not ask it yet
    monkeypatch.setattr(deadline, "_database_down_until", time.monotonic() + 60)
    response, seconds = timed_get(client, "/healthz")
    assert response.status_code == 503 and seconds < 0.5

    monkeypatch.setattr(deadline, "_database_down_until", 0.0)  # the pause is over
    assert client.get("/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_slow_page_gets_the_503_page_but_does_not_stop_the_others(deadline_on, monkeypatch):
    monkeypatch.setattr(views.HomeView, "get_context_data", slow_page)
    response, seconds = timed_get(Client())
    assert response.status_code == 503 and seconds < 3
    assert deadline._database_down_until == 0.0
    assert Client().get("/healthz").status_code == 200


def test_the_deadline_lets_normal_pages_through(settings, world):
    settings.REQUEST_DEADLINE_MS = 2500
    for path in ("/", "/news/", "/ko/people/", "/search/?q=kim", "/healthz"):
        assert Client().get(path).status_code == 200, path


def test_the_admin_has_no_deadline(settings, admin_client, monkeypatch):
    from django.contrib.admin import AdminSite

    settings.REQUEST_DEADLINE_MS = 100
    real_index = AdminSite.index

    def slow_index(self, request, extra_context=None):
        time.sleep(0.3)
        return real_index(self, request, extra_context)

    monkeypatch.setattr(AdminSite, "index", slow_index)
    assert admin_client.get("/admin/").status_code == 200
