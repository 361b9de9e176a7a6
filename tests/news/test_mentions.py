"""Mentions: names, Hangul and aliases on whole words; editors' choices stick."""

import pytest

from news.mentions import Entry, NameMatcher
from news.models import Mention
from tests import factories as f

pytestmark = pytest.mark.django_db

KIM, HONG, V, NAN = Entry("person", 1), Entry("person", 2), Entry("person", 3), Entry("character", 4)
MATCHER = NameMatcher(
    [
        ("Kim Tae-ri", KIM),
        ("김태리", KIM),
        ("Kim Tai-ri", KIM),
        ("Hong Kyung", HONG),
        ("홍경", HONG),
        ("V", V),
        ("Kim Taehyung", V),
        ("Nan-young", NAN),
        ("난영", NAN),
    ]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim Tae-ri voices the lead.", {KIM}),
        ("kim tae ri and HONG KYUNG", {KIM, HONG}),
        ("Starring Kim Tai-ri as Nan-Young.", {KIM, NAN}),
        ("김태리는 난영을 연기했다.", {KIM, NAN}),
        ("홍경이 제이를 맡았다.", {HONG}),
        ("김태리의 목소리, 홍경과 함께", {KIM, HONG}),
        ("A song sung by V of BTS.", {V}),
        ("Vince and the v-neck", set()),  # no match inside longer words, short names keep their case
        ("Kimberly Tae-rin", set()),
        ("홍경민 is someone else", set()),  # a longer Hangul word that is not name + particle
        ("", set()),
    ],
)
def test_matcher_finds_whole_names_in_any_spelling(text, expected):
    assert MATCHER.find(text) == expected


def test_saving_an_article_records_its_mentions():
    film = f.film(name="Lost in Starlight", name_ko="이 별에 필요한")
    kim = f.person(name="Kim Tae-ri", name_ko="김태리", aliases="Kim Tai-ri")
    article = f.article(body="<p>Kim Tai-ri leads Lost in Starlight.</p>")
    assert {m.target for m in article.mentions.all()} == {film, kim}
    assert all(m.origin == Mention.Origin.AUTO for m in article.mentions.all())


def test_a_new_alias_adds_mentions_to_existing_articles():
    kim = f.person(name="Kim Tae-ri")
    article = f.article(body="<p>Kim Tai-ri was there.</p>")
    assert not article.mentions.exists()
    kim.aliases = "Kim Tai-ri"
    kim.save()
    assert article.mentions.get().person == kim


def test_editors_choices_survive_a_recompute():
    kim = f.person(name="Kim Tae-ri")
    hong = f.person(name="Hong Kyung")
    article = f.article(body="<p>Kim Tae-ri spoke.</p>")
    found = article.mentions.get(person=kim)
    found.excluded = True
    found.save()
    Mention.objects.create(article=article, person=hong, origin=Mention.Origin.MANUAL)
    article.body = "<p>Kim Tae-ri spoke again, at length.</p>"
    article.save()
    kim.aliases = "Kim Tai-ri"
    kim.save()
    mentions = {(m.person, m.origin, m.excluded) for m in article.mentions.all()}
    assert mentions == {(kim, "auto", True), (hong, "manual", False)}


def test_a_removed_name_drops_only_automatic_mentions():
    kim = f.person(name="Kim Tae-ri")
    article = f.article(body="<p>Kim Tae-ri spoke.</p>")
    article.body = "<p>Someone else spoke.</p>"
    article.save()
    assert not article.mentions.filter(person=kim).exists()


def test_a_matcher_built_before_a_deletion_never_writes_a_dangling_mention():
    """Another process may still hold a matcher that knows a deleted person."""
    import time

    from django.core.cache import cache

    from news import mentions

    gone = f.person(name="Kim Tae-ri")
    stale = mentions.current_matcher()
    gone.delete()
    # This process now plays the other one: it still holds the matcher that knows Kim Tae-ri.
    mentions._cached.update(matcher=stale, version=cache.get(mentions.VERSION_KEY), built=time.monotonic())
    assert stale.find("Kim Tae-ri")
    article = f.article(body="<p>Kim Tae-ri spoke.</p>")
    assert not article.mentions.exists()


def test_a_catalog_change_is_seen_by_the_next_article():
    first = f.article(body="<p>Hong Kyung sang.</p>")
    assert not first.mentions.exists()
    hong = f.person(name="Hong Kyung")
    second = f.article(body="<p>Hong Kyung sang again.</p>")
    assert second.mentions.get().person == hong


@pytest.mark.parametrize("recent", [500, 0, 2, 5])
def test_the_articles_mentioning_an_entry_are_its_newest_published_ones(recent, monkeypatch):
    """In the news: newest first (by the date shown, then the newest row), at most `limit`, never a
    draft, a scheduled article or a mention an editor struck out. On SQLite the newest articles are
    walked first and the older ones read through the mentions: the same answer wherever that splits."""
    import datetime as dt

    from django.utils import timezone

    from news import selectors
    from news.selectors import articles_mentioning

    monkeypatch.setattr(selectors, "RECENT_ARTICLES", recent)

    kim, other = f.person(name="Kim Tae-ri", slug="kim-tae-ri"), f.person(name="Hong Kyung", slug="hong-kyung")
    now = timezone.now()

    def mentioning(title, days_ago, person=kim, **values):
        article = f.article(title=title, dated=now - dt.timedelta(days=days_ago), **values)
        Mention.objects.create(article=article, person=person)
        return article

    old, newest, middle = mentioning("Old", 30), mentioning("Newest", 1), mentioning("Middle", 10)
    same_day = mentioning("Middle, added later", 10)
    mentioning("Draft", 0, status="draft")
    mentioning("Scheduled", 0, publish_at=now + dt.timedelta(days=1))
    mentioning("Someone else", 0, person=other)
    struck = mentioning("Struck out", 0)
    struck.mentions.update(excluded=True)
    assert articles_mentioning(kim, limit=10) == [newest, same_day, middle, old]
    assert articles_mentioning(kim, limit=2) == [newest, same_day]
    assert articles_mentioning(kim, limit=0) == []
