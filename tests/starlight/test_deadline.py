"""A public request that outlives its deadline (a database that stopped answering) gets the 503 page."""

import time

import pytest
from django.db import connection, connections
from django.test import Client

from starlight import views

pytestmark = pytest.mark.django_db


def hang(*args, **kwargs):
    """What a request sees when the database server hangs: a query that never returns."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(30)")
    time.sleep(30)


@pytest.mark.django_db(transaction=True)  # a test transaction would keep the connection open
def test_a_request_past_its_deadline_gets_the_503_page_and_drops_its_connection(settings, monkeypatch):
    settings.REQUEST_DEADLINE_MS = 300
    monkeypatch.setattr(views.HomeView, "get_context_data", hang)
    closed = []
    real_close = type(connections["default"]).close
    monkeypatch.setattr(type(connections["default"]), "close", lambda self: closed.append(self) or real_close(self))
    client = Client()
    started = time.monotonic()
    response = client.get("/")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Back in a moment" in response.content.decode()
    assert closed  # dropped: it may have been waiting mid-answer

    monkeypatch.undo()
    assert client.get("/").status_code == 200  # the next request connects afresh


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
