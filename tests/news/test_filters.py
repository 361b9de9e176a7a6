"""The news filters' menus stay small at any size, and still accept any published topic or source."""

import pytest
from django.urls import reverse

from news.filters import MENU_SIZE
from tests import factories as f
from tests.pages import soup

pytestmark = pytest.mark.django_db


def options(page, name):
    return [option["value"] for option in page.select(f'select[name="{name}"] option') if option["value"]]


def test_the_topic_menu_offers_the_most_used_and_any_topic_can_still_be_asked_for(client):
    busy = [f.topic(name=f"Busy {n:02d}") for n in range(MENU_SIZE)]
    rare = f.topic(name="Rarely used")
    for topic in busy:
        f.article(topics=[topic])
        f.article(topics=[topic])
    only = f.article(title="The rare one", topics=[rare])
    listed = options(soup(client.get(reverse("news:article-list"))), "topic")
    assert len(listed) == MENU_SIZE and "rarely-used" not in listed
    page = client.get(reverse("news:article-list") + "?topic=rarely-used")
    assert "rarely-used" in options(soup(page), "topic")
    assert soup(page).select_one('select[name="topic"] option[selected]')["value"] == "rarely-used"
    assert only.title in page.content.decode() and busy[0].name not in soup(page).select_one("main ul").text


def test_an_unknown_topic_is_reported_beside_its_menu_not_a_500(client):
    f.article(topics=[f.topic(name="Music")])
    response = client.get(reverse("news:article-list") + "?topic=no-such-topic")
    assert response.status_code == 200 and "not understood" in response.content.decode()
