"""A small corpus for search: the film, its people and song, articles in English and Korean, and
unpublished rows (drafts and scheduled) carrying words that must never be found."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from news.models import Language
from search.query import parse_query
from search.selectors import search
from tests import factories as f


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def corpus(db):
    film = f.film(
        name="Lost in Starlight",
        name_ko="이 별에 필요한",
        slug="lost-in-starlight",
        tagline="A love story across the distance between Earth and Mars.",
        synopsis="In 2050 Seoul, an astronaut and a musician fall in love.",
    )
    nan_young = f.character(film, name="Nan-young", name_ko="난영")
    jay = f.character(film, name="Jay", name_ko="제이")
    kim = f.person(
        name="Kim Tae-ri",
        name_ko="김태리",
        slug="kim-tae-ri",
        aliases="Kim Tai-ri",
        bio="Actor known for The Handmaiden and Mr. Sunshine.",
    )
    hong = f.person(name="Hong Kyung", name_ko="홍경", slug="hong-kyung", bio="Actor and musician.")
    v = f.person(name="V", name_ko="뷔", slug="v", bio="Singer of the Bon Voyage version in the film.")
    vince = f.person(name="Vince Staples", slug="vince-staples", bio="Rapper.")
    f.voice(kim, nan_young, "ko")
    f.voice(hong, jay, "ko")
    song = f.song(film, title="Bon Voyage", title_ko="봉 보야주", slug="bon-voyage", description="The closing song.")
    reviews = f.topic("Reviews", name_ko="리뷰")
    music = f.topic("Music", name_ko="음악")
    desk = f.source(name="Starlight Desk", slug="starlight-desk")
    notes = f.source(name="Seoul Screen Notes", slug="seoul-screen-notes")
    articles = SimpleNamespace(
        korean=f.article(
            title="난영의 목소리로 돌아오다",
            slug="korean-interview",
            language=Language.KOREAN,
            body="<p>김태리는 이번 작품에서 난영을 연기했다. 홍경이 제이를 맡았다.</p>",
            dated=days_ago(3),
            publish_at=days_ago(3),
            source=notes,
        ),
        review=f.article(
            title="Review: a quiet love story among the stars",
            slug="review",
            body="<p>The animators draw every frame of Seoul with care. Kim Tae-ri gives Nan-young her voice.</p>",
            dated=days_ago(10),
            publish_at=days_ago(10),
            source=desk,
            topics=[reviews],
        ),
        teaser=f.article(
            title="First teaser for the animated film arrives",
            slug="teaser",
            body="<p>A review of the teaser: the animation looks warm, and the song Bon Voyage plays.</p>",
            dated=days_ago(1),
            publish_at=days_ago(1),
            source=desk,
            topics=[music],
        ),
        old_review=f.article(
            title="Festival diary",
            slug="festival-diary",
            body="<p>The review copy arrived late; the animators answered questions.</p>",
            dated=days_ago(40),
            publish_at=days_ago(40),
            source=notes,
        ),
        beyonce=f.article(
            title="Soundtrack notes",
            slug="soundtrack-notes",
            body="<p>Comparisons with Beyoncé were inevitable.</p>",
            dated=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
            publish_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
            source=notes,
            topics=[music],
        ),
    )
    hidden = SimpleNamespace(
        draft_article=f.draft(f.article, title="Secret zanzibarite draft", slug="draft", body="<p>zanzibarite</p>"),
        scheduled_article=f.scheduled(
            f.article, title="Embargoed quokkalicious news", slug="embargo", body="<p>quokkalicious Kim Tae-ri</p>"
        ),
        draft_person=f.draft(f.person, name="Hidden Zanzibarite", slug="hidden-person", name_ko="숨은사람"),
        scheduled_person=f.scheduled(f.person, name="Future Quokkalicious", slug="future-person"),
        draft_film=f.draft(f.film, name="Zanzibarite Sequel", slug="sequel"),
    )
    hidden.orphan_song = f.song(hidden.draft_film, title="Zanzibarite Theme", slug="sequel-theme")
    return SimpleNamespace(
        film=film, kim=kim, hong=hong, v=v, vince=vince, song=song, reviews=reviews, music=music,
        desk=desk, notes=notes, articles=articles, hidden=hidden, nan_young=nan_young,
    )  # fmt: skip


def find(text: str, **kwargs):
    """Search as the page does; returns the results."""
    return search(parse_query(text), **kwargs)


def found(text: str, kind: str, **kwargs) -> list:
    """The objects of one kind a search finds on its first page, in order."""
    results = find(text, **kwargs)
    group = next(group for group in results.groups if group.kind == kind)
    return [hit.object for hit in group.hits]
