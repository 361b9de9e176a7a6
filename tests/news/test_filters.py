"""The news filters' menus stay small at any size, and still accept any published topic or source."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial.publishing import Status
from news.filters import MENU_SIZE, most_used
from news.models import Topic
from tests import factories as f
from tests.clock import travel
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
    """The menus are cached under the content cache version: reused by every address, fresh after any change."""
    first = f.topic("First topic")
    f.article(topics=[first])
    assert [t.name for t in most_used(Topic)] == ["First topic"]
    with django_assert_num_queries(1):  # the version only
        most_used(Topic)
    with transaction.atomic():
        second = f.topic("Second topic")
        f.article(topics=[second])
        f.article(topics=[second])
    assert [t.name for t in most_used(Topic)] == ["Second topic", "First topic"]
    assert "Second topic" in client.get("/news/?topic=second-topic").content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_topic_an_address_names_is_looked_up_once_per_change(client):
    """Kept under the content cache version: asked again, it is not read again; once a published article
    uses it, or none does any more, the next request sees it."""
    song = f.article(title="A song", topics=[f.topic("Music")])
    topic_reads = lambda: [q for q in queries.captured_queries if 'FROM "news_topic"' in q["sql"]]  # noqa: E731
    assert "A song" in client.get("/news/?topic=music").content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "A song" in client.get("/news/?topic=music&page=2").content.decode()
    assert topic_reads() == []
    assert "not understood" in client.get("/news/?topic=dance").content.decode()
    with transaction.atomic():
        f.article(title="A step", topics=[f.topic("Dance")])
    assert "not understood" not in client.get("/news/?topic=dance").content.decode()
    with transaction.atomic():
        song.status = Status.DRAFT
        song.save()
    assert "not understood" in client.get("/news/?topic=music").content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_topic_menu_does_not_outlive_a_scheduled_article(client, settings):
    settings.PAGE_CACHE_TIMEOUT = 24 * 3600  # so nothing but the go-live can end what is kept
    go_live = timezone.now() + dt.timedelta(hours=1)  # no machine reaches it during the test: the clock is moved
    f.article(topics=[f.topic("Now")])
    f.article(topics=[f.topic("Later")], publish_at=go_live)
    assert [t.name for t in most_used(Topic)] == ["Now"]
    with travel(go_live - dt.timedelta(minutes=1)):
        assert [t.name for t in most_used(Topic)] == ["Now"]
    with travel(go_live + dt.timedelta(minutes=1)):
        assert sorted(t.name for t in most_used(Topic)) == ["Later", "Now"]


def titles(client, query) -> list[str]:
    return [a.get_text() for a in soup(client.get(f"{reverse('news:article-list')}?{query}")).select(".card__title a")]


def test_the_word_filter_finds_words_through_the_search_index(client):
    """Whole words (the last one also as the start of a longer word), in either script, never a
    part of another word in the middle; a draft never; punctuation alone finds nothing."""
    f.article(title="Kim Tae-ri voices Nan-young", body="<p>The broadcast was delayed.</p>")
    f.article(title="김태리 인터뷰", body="<p>목소리 연기</p>")
    f.article(title="Cast announced", body="<p>Nine voices.</p>")
    f.draft(f.article, title="Cast draft", body="<p>Not yet.</p>")
    assert titles(client, "q=cast") == ["Cast announced"]  # not "broadcast"
    assert titles(client, "q=kim+tae") == ["Kim Tae-ri voices Nan-young"]
    assert titles(client, "q=김태") == ["김태리 인터뷰"]
    assert set(titles(client, "q=voices")) == {"Kim Tae-ri voices Nan-young", "Cast announced"}
    assert titles(client, "q=%25%25") == [] and titles(client, "q=nowhere") == []


def test_the_word_filter_reads_the_first_eight_words_of_a_longer_text(client):
    f.article(title="One two three four five six seven eight", body="<p>Counting.</p>")
    f.article(title="One two three four five six seven 1", body="<p>Counting again.</p>")
    assert titles(client, "q=one+two+three+four+five+six+seven+eight+nine+ten") == [
        "One two three four five six seven eight"
    ]
    # "½" reads as the two words "1" and "2": the first eight words are searched, "2" is left out
    assert titles(client, "q=one+two+three+four+five+six+seven+%C2%BD") == ["One two three four five six seven 1"]


def test_without_a_search_index_the_word_filter_matches_text(client, monkeypatch):
    from news import filters

    monkeypatch.setattr(filters, "word_index", None)
    f.article(title="Kim Tae-ri voices Nan-young", body="<p>The broadcast was delayed.</p>")
    f.article(title="Cast announced", body="<p>Nine voices.</p>")
    assert set(titles(client, "q=cast")) == {"Kim Tae-ri voices Nan-young", "Cast announced"}
