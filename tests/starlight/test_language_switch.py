"""The site's language switch: a form that sets the language cookie, so the admin follows the choice,
on pages that stay cacheable for anonymous visitors (no CSRF token, no cookie in a stored page)."""

import pytest
from bs4 import BeautifulSoup

from tests import factories as f
from tests.visitors import Visitor

pytestmark = pytest.mark.django_db(transaction=True)
FILM = "/films/lost-in-starlight/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def film():
    return f.film(name="Lost in Starlight", slug="lost-in-starlight")


def switch_form(html: bytes):
    return BeautifulSoup(html, "html.parser").find("form", class_="lang-switch-form")


def choose(visitor, url):
    """Press the switch on `url` as a browser would: post the form's fields, with CSRF checks on."""
    form = switch_form(visitor.get(url).content)
    button = form.find("button")
    data = {field["name"]: field["value"] for field in form.find_all("input")}
    data[button["name"]] = button["value"]
    return visitor.post(form["action"], data)


def test_the_switch_is_a_form_naming_the_same_page_in_the_other_language(film):
    form = switch_form(Visitor().get(FILM).content)
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "next"})["value"] == "/ko" + FILM
    button = form.find("button")
    assert button["lang"] == "ko" and button.get_text(strip=True) == "한국어"
    assert not form.find("input", attrs={"name": "csrfmiddlewaretoken"})


def test_choosing_korean_on_a_public_page_makes_the_admin_korean(film, editor):
    visitor = Visitor(enforce_csrf_checks=True)
    response = choose(visitor, FILM)
    assert response.status_code == 302 and response["Location"] == "/ko" + FILM
    visitor.force_login(editor)
    assert "Starlight 뉴스룸" in visitor.get("/admin/").content.decode()
    assert choose(Visitor(enforce_csrf_checks=True), "/ko" + FILM)["Location"] == FILM


def test_a_page_with_the_switch_stays_cacheable(film):
    visitor = Visitor()
    first, second = visitor.get(FILM), visitor.get(FILM)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert not first.cookies and b"csrfmiddlewaretoken" not in first.content


def test_the_switch_sends_nobody_off_the_site(film):
    response = Visitor().post("/i18n/setlang/", {"language": "ko", "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")
