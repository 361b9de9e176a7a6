"""Health check, robots.txt and the error pages."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert b"database unavailable" in response.content


@pytest.mark.django_db
def test_unknown_pages_answer_the_site_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Lost in space" in body
    assert 'class="skip-link"' in body


def test_500_page_renders_without_a_database():
    from django.template.loader import render_to_string

    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        html = render_to_string("500.html")
    assert "Something went wrong" in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/news/", "/ko/people/", "/search/?q=kim"])
def test_a_database_that_is_down_gets_a_friendly_503_page(path):
    client = Client(raise_request_exception=False)
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Back in a moment" in body and "cannot reach its database" in body
    assert "Traceback" not in body and "connection refused" not in body


@pytest.mark.django_db
def test_a_bug_is_still_a_500_not_a_503(monkeypatch):
    from starlight import views

    def broken(self, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.mark.django_db
def test_healthz_reports_a_cache_that_is_down_and_stays_200(client, settings):
    settings.CACHES = DEAD_REDIS
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content.startswith(b"ok\n") and b"cache unavailable" in response.content


def test_with_the_cache_down_saves_and_pages_still_work(admin_client, settings):
    from catalog.models import Person
    from tests import factories as f
    from tests.editorial.forms import change_form_data

    person = f.person(name="Kim Tae-ri", slug="kim-tae-ri")
    settings.CACHES = DEAD_REDIS
    settings.PAGE_CACHE_ENABLED = True
    change = reverse("admin:catalog_person_change", args=[person.pk])
    response = admin_client.post(change, change_form_data(admin_client.get(change), bio="Saved without a cache."))
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).bio == "<p>Saved without a cache.</p>"
    assert Client().get(person.get_absolute_url()).status_code == 200
