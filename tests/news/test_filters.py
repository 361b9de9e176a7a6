"""The news filters' menus stay small at any size, and still accept any published topic or source."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from news.filters import MENU_SIZE, most_used
from news.models import Topic
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


@pytest.mark.django_db(transaction=True)
def test_the_topic_menu_is_kept_until_the_content_changes(client, django_assert_num_queries):
    """The menus are cached under the content stamp: reused by every address, fresh after any change."""
    first = f.topic("First topic")
    f.article(topics=[first])
    assert [t.name for t in most_used(Topic)] == ["First topic"]
    with django_assert_num_queries(0 if settings.CACHE_IS_SHARED else 1):  # the version only
        most_used(Topic)
    with transaction.atomic():
        second = f.topic("Second topic")
        f.article(topics=[second])
        f.article(topics=[second])
    assert [t.name for t in most_used(Topic)] == ["Second topic", "First topic"]
    assert "Second topic" in client.get("/news/?topic=second-topic").content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_topic_menu_does_not_outlive_a_scheduled_article(client):
    f.article(topics=[f.topic("Now")])
    f.article(topics=[f.topic("Later")], publish_at=timezone.now() + dt.timedelta(seconds=1.5))
    assert [t.name for t in most_used(Topic)] == ["Now"]
    time.sleep(1.6)
    assert sorted(t.name for t in most_used(Topic)) == ["Later", "Now"]
