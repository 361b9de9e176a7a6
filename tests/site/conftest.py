"""A small, complete public site for the page-level checks: the film with its poster, trailer,
releases, cast in two languages, crew, a song with its credits and praise; news with sources,
topics and a Korean article; plus a draft and a scheduled entry of each kind that must stay hidden."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile

from catalog.images import draw_portrait, draw_poster
from catalog.models import Company, Credit, FilmCompany, Image, PersonLink, Praise, Release, SongCredit
from tests import factories as f

UTC = dt.UTC


def picture(data: bytes, name: str, alt: str) -> Image:
    image = Image(alt_text=alt)
    image.file.save(name, ContentFile(data), save=False)
    image.save()
    return image


@pytest.fixture
def site(db):
    poster = picture(draw_poster(title="Lost in Starlight", width=400, height=600), "poster.png", "The poster")
    film = f.film(
        name="Lost in Starlight",
        name_ko="이 별에 필요한",
        slug="lost-in-starlight",
        tagline="Two dreamers, one sky.",
        tagline_ko="같은 하늘 아래 두 꿈.",
        synopsis="Seoul, 2050.\n\nA love story.",
        synopsis_ko="2050년 서울.",
        runtime_minutes=96,
        genres="Animation, Romance",
        poster=poster,
        trailer_url="https://www.youtube.com/watch?v=t4hiu_kohhs",
    )
    FilmCompany.objects.create(film=film, company=Company.objects.create(name="Climax Studio"), role="production")
    Release.objects.create(film=film, date=dt.date(2025, 4, 30), region="Worldwide", kind="trailer", platform="Netflix")
    Release.objects.create(
        film=film, date=dt.date(2025, 5, 30), region="Worldwide", kind="streaming", platform="Netflix"
    )
    nan_young = f.character(film, name="Nan-young", name_ko="난영", order=1, description="An astronaut.")
    jay = f.character(film, name="Jay", name_ko="제이", order=2)
    kim = f.person(
        name="Kim Tae-ri",
        name_ko="김태리",
        slug="kim-tae-ri",
        bio="Actor.",
        photo=picture(draw_portrait(name="Kim Tae-ri", width=200, height=200), "kim.png", "Portrait of Kim Tae-ri"),
    )
    PersonLink.objects.create(person=kim, label="Wikipedia", url="https://en.wikipedia.org/wiki/Kim_Tae-ri")
    hong = f.person(name="Hong Kyung", name_ko="홍경", slug="hong-kyung")
    maitreyi = f.person(name="Maitreyi Ramakrishnan", slug="maitreyi-ramakrishnan")
    f.voice(kim, nan_young, "ko")
    f.voice(hong, jay, "ko")
    f.voice(maitreyi, nan_young, "en")
    director = f.person(name="Han Ji-won", name_ko="한지원", slug="han-ji-won")
    Credit.objects.create(person=director, film=film, role=Credit.Role.DIRECTOR)
    composer = f.person(name="Park Composer", name_ko="박작곡", slug="park-composer")
    Credit.objects.create(person=composer, film=film, role=Credit.Role.MUSIC)
    hidden_person = f.draft(f.person, name="Hidden Singer", slug="hidden-singer")
    song = f.song(film, title="Bon Voyage", slug="bon-voyage", description="The theme.")
    v = f.person(name="V", name_ko="뷔", slug="v")
    f.song_credit(song, v, note="V's version")
    f.song_credit(song, composer, role=SongCredit.Role.COMPOSER)
    f.song_credit(song, hidden_person, role=SongCredit.Role.LYRICIST)
    Praise.objects.create(film=film, author=f.person(name="Bong Joon-ho", slug="bong-joon-ho"), quote="A masterpiece.")
    draft_song = f.draft(f.song, film, title="Unreleased Demo", slug="unreleased-demo")
    future_song = f.scheduled(f.song, film, title="Future Single", slug="future-single")

    release, cast_topic = f.topic("Release", name_ko="개봉"), f.topic("Cast", name_ko="출연진")
    desk = f.source(name="Starlight Desk", slug="starlight-desk")
    teaser = f.article(
        title="First teaser arrives",
        slug="teaser",
        source=desk,
        author="A. Writer",
        subtitle="A pink sky over Seoul",
        topics=[release],
        dated=dt.datetime(2025, 4, 30, 9, tzinfo=UTC),
        body="<p>Lost in Starlight shows its first teaser. Kim Tae-ri voices Nan-young.</p>",
    )
    korean = f.article(
        title="김태리, 난영의 목소리로",
        slug="김태리-난영",
        language="ko",
        topics=[cast_topic],
        body="<p>김태리는 난영을 연기했다.</p>",
    )
    draft_article = f.draft(f.article, title="Secret draft", slug="secret-draft", topics=[release])
    future_article = f.scheduled(f.article, title="Future piece", slug="future-piece", topics=[cast_topic])
    return {
        "film": film,
        "kim": kim,
        "director": director,
        "composer": composer,
        "hidden_person": hidden_person,
        "song": song,
        "teaser": teaser,
        "korean": korean,
        "release": release,
        "cast_topic": cast_topic,
        "hidden": [hidden_person, draft_song, future_song, draft_article, future_article],
    }


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def page(client):
    """GET a public page (expecting 200) and parse it."""

    def get(url, status=200):
        response = client.get(url)
        assert response.status_code == status, f"{url} answered {response.status_code}"
        return soup(response)

    return get
