"""The Content-Security-Policy header: strict on public pages, script-strict in the admin."""

import pytest

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("url", ["/", "/films/lost-in-starlight/", "/ko/news/teaser/", "/no/such/page/"])
def test_public_pages_allow_only_the_sites_own_files(world, client, url):
    policy = directives(client.get(url)["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    # the trailer and an article's videos, once asked for
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]


def test_the_admin_keeps_scripts_strict_and_allows_style_attributes(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


def test_debug_error_pages_are_left_alone(settings, client):
    settings.DEBUG = True
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" not in response  # Django's debug page is built from inline script


@pytest.mark.parametrize("url", ["/", "/news/", "/admin/login/", "/no-such-page/"])
def test_every_answer_says_which_browser_features_no_page_uses(world, client, url):
    policy = client.get(url)["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_staff_viewing_a_draft_get_a_private_answer(world, editor_client):
    response = editor_client.get(world.hidden.draft_film.get_absolute_url())
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
