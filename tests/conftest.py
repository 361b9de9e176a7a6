"""Shared fixtures: a fresh, English, media-less start for each test; the users of each role; the
world (one small public site to test pages and search against); and a page reader."""

import datetime as dt
from types import SimpleNamespace

import pytest

from catalog.artwork import draw_portrait, draw_poster
from catalog.models import Company, Credit, FilmCompany, PersonLink, Praise, Release, SongCredit
from editorial.roles import CONTRIBUTORS, EDITORS
from news.models import Language
from tests import factories as f
from tests.loopback import feed_site, silent_site  # noqa: F401 (fixtures for every test package)
from tests.pages import soup


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts like a fresh process: empty cache, no name matcher built yet."""
    from django.core.cache import cache

    from news.mentions import catalog_changed
    from starlight.page_cache import forget_pages

    cache.clear()
    forget_pages()
    catalog_changed()
    yield
    cache.clear()
    forget_pages()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request to a /ko/ page leaves Korean active in the test's thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


# Users: one builder (tests/factories.py) for every role; the password is factories.PASSWORD.


@pytest.fixture
def staff(db):
    """Staff in no editorial group: may sign in, may do nothing."""
    return f.staff_user("sam")


@pytest.fixture
def editor(db):
    return f.staff_user("edna", group=EDITORS)


@pytest.fixture
def contributor(db):
    return f.staff_user("carl", group=CONTRIBUTORS)


@pytest.fixture
def admin_user(db):
    """The superuser pytest-django's `admin_client` signs in, made by the same builder as the others."""
    return f.superuser("admin")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


# The world: one small, complete public site, built like the demo.


@pytest.fixture
def world(db):
    """The film with its poster, trailer, releases, company, characters and cast in two languages,
    crew, a song with its credits and praise; news from two sources under four topics, in English
    and Korean; and a draft and a scheduled entry of each kind, whose words must never be found.

    Tests count on some details: the teaser (dated 30 April 2025) is the only published article in
    Release; the word "review" is in the review's title and in the text of the teaser and of the
    older festival diary; of the published articles only the review names Kim Tae-ri in Latin
    letters; Kim Tae-ri and Maitreyi Ramakrishnan voice Nan-young; no published song is a "theme".
    """
    poster = f.image(draw_poster(title="Lost in Starlight", width=400, height=600), "poster.png", "The poster")
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
        aliases="Kim Tai-ri",
        bio="Actor known for The Handmaiden and Mr. Sunshine.",
        photo=f.image(draw_portrait(name="Kim Tae-ri", width=200, height=200), "kim.png", "Portrait of Kim Tae-ri"),
    )
    PersonLink.objects.create(person=kim, label="Wikipedia", url="https://en.wikipedia.org/wiki/Kim_Tae-ri")
    hong = f.person(name="Hong Kyung", name_ko="홍경", slug="hong-kyung", bio="Actor and musician.")
    maitreyi = f.person(name="Maitreyi Ramakrishnan", slug="maitreyi-ramakrishnan")
    f.voice(kim, nan_young, "ko")
    f.voice(hong, jay, "ko")
    f.voice(maitreyi, nan_young, "en")
    director = f.person(name="Han Ji-won", name_ko="한지원", slug="han-ji-won")
    Credit.objects.create(person=director, film=film, role=Credit.Role.DIRECTOR)
    composer = f.person(name="Park Composer", name_ko="박작곡", slug="park-composer")
    Credit.objects.create(person=composer, film=film, role=Credit.Role.MUSIC)
    v = f.person(name="V", name_ko="뷔", slug="v", bio="Singer of the Bon Voyage version in the film.")
    vince = f.person(name="Vince Staples", slug="vince-staples", bio="Rapper.")
    song = f.song(film, title="Bon Voyage", title_ko="봉 보야주", slug="bon-voyage", description="The closing song.")
    f.song_credit(song, v, note="V's version")
    f.song_credit(song, composer, role=SongCredit.Role.COMPOSER)
    Praise.objects.create(film=film, author=f.person(name="Bong Joon-ho", slug="bong-joon-ho"), quote="A masterpiece.")

    release, cast_topic = f.topic("Release", name_ko="개봉"), f.topic("Cast", name_ko="출연진")
    reviews, music = f.topic("Reviews", name_ko="리뷰"), f.topic("Music", name_ko="음악")
    desk = f.source(name="Starlight Desk", slug="starlight-desk")
    notes = f.source(name="Seoul Screen Notes", slug="seoul-screen-notes")
    articles = SimpleNamespace(
        teaser=f.article(
            title="First teaser arrives",
            slug="teaser",
            subtitle="A pink sky over Seoul",
            author="A. Writer",
            body="<p>Lost in Starlight shows its first teaser. A review of it: the animation looks warm, "
            "and the song Bon Voyage plays.</p>",
            dated=dt.datetime(2025, 4, 30, 9, tzinfo=dt.UTC),
            publish_at=f.days_ago(1),
            source=desk,
            topics=[release, music],
        ),
        korean=f.article(
            title="김태리, 난영의 목소리로",
            slug="김태리-난영",
            language=Language.KOREAN,
            body="<p>김태리는 이번 작품에서 난영을 연기했다. 홍경이 제이를 맡았다.</p>",
            dated=f.days_ago(3),
            publish_at=f.days_ago(3),
            source=notes,
            topics=[cast_topic],
        ),
        review=f.article(
            title="Review: a quiet love story among the stars",
            slug="review",
            body="<p>The animators draw every frame of Seoul with care. Kim Tae-ri gives Nan-young her voice.</p>",
            dated=f.days_ago(10),
            publish_at=f.days_ago(10),
            source=desk,
            topics=[reviews],
        ),
        old_review=f.article(
            title="Festival diary",
            slug="festival-diary",
            body="<p>The review copy arrived late; the animators answered questions.</p>",
            dated=dt.datetime(2025, 3, 14, tzinfo=dt.UTC),  # before the teaser's date
            publish_at=dt.datetime(2025, 3, 14, tzinfo=dt.UTC),
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

    draft_person = f.draft(f.person, name="Hidden Zanzibarite", slug="hidden-person", name_ko="숨은사람")
    f.song_credit(song, draft_person, role=SongCredit.Role.LYRICIST)
    draft_film = f.draft(f.film, name="Zanzibarite Sequel", slug="sequel")
    hidden = SimpleNamespace(
        draft_article=f.draft(
            f.article,
            title="Secret zanzibarite draft",
            slug="secret-draft",
            body="<p>zanzibarite</p>",
            topics=[release],
        ),
        scheduled_article=f.scheduled(
            f.article,
            title="Embargoed quokkalicious news",
            slug="future-piece",
            body="<p>quokkalicious Kim Tae-ri</p>",
            topics=[cast_topic],
        ),
        draft_person=draft_person,
        scheduled_person=f.scheduled(f.person, name="Future Quokkalicious", slug="future-person"),
        draft_film=draft_film,
        orphan_song=f.song(draft_film, title="Zanzibarite Theme", slug="sequel-theme"),  # of the draft film
        draft_song=f.draft(f.song, film, title="Unreleased Demo", slug="unreleased-demo"),
        scheduled_song=f.scheduled(f.song, film, title="Future Single", slug="future-single"),
    )
    return SimpleNamespace(
        film=film, nan_young=nan_young, jay=jay,
        kim=kim, hong=hong, maitreyi=maitreyi, director=director, composer=composer, v=v, vince=vince,
        song=song,
        release=release, cast_topic=cast_topic, reviews=reviews, music=music, desk=desk, notes=notes,
        articles=articles, hidden=hidden,
    )  # fmt: skip


@pytest.fixture
def page(client):
    """GET a page (expecting 200, or `status`) and parse it."""

    def get(url, status=200):
        response = client.get(url)
        assert response.status_code == status, f"{url} answered {response.status_code}"
        return soup(response)

    return get
