"""Catalog pages: content, visibility, filters (bad values included) and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Credit, Song, SongCredit
from editorial.publishing import Status
from tests import factories as f
from tests.pages import render_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    film = f.film(name="Lost in Starlight", name_ko="이 별에 필요한", slug="lost-in-starlight")
    nan_young = f.character(film, name="Nan-young", name_ko="난영", order=1)
    jay = f.character(film, name="Jay", name_ko="제이", order=2)
    kim = f.person(name="Kim Tae-ri", name_ko="김태리", slug="kim-tae-ri", aliases="Kim Tai-ri")
    maitreyi = f.person(name="Maitreyi Ramakrishnan", slug="maitreyi-ramakrishnan")
    hong = f.person(name="Hong Kyung", name_ko="홍경", slug="hong-kyung")
    f.voice(kim, nan_young, "ko")
    f.voice(maitreyi, nan_young, "en")
    f.voice(hong, jay, "ko")
    director = f.person(name="Han Ji-won", slug="han-ji-won")
    Credit.objects.create(person=director, film=film, role=Credit.Role.DIRECTOR)
    song = f.song(film, title="Bon Voyage", slug="bon-voyage")
    f.song_credit(song, f.person(name="V", name_ko="뷔", slug="v"), note="V's version")
    return film


def test_film_page_shows_the_cast_table_by_language(client, cast):
    response = client.get(cast.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Lost in Starlight</h1>" in html
    assert "Korean (original)" in html and "English dub" in html
    row = html[html.index('id="character-') : html.index("</tr>", html.index('id="character-'))]
    assert 'Nan-young (<span lang="ko">난영</span>)' in row and 'Kim Tae-ri (<span lang="ko">김태리</span>)' in row
    assert "Maitreyi Ramakrishnan" in row
    assert "Han Ji-won" in html and "Bon Voyage" in html
    assert "youtube" not in html.lower()  # no trailer URL set: nothing third-party at all


def test_film_page_trailer_loads_nothing_until_clicked(client, cast):
    cast.trailer_url = "https://www.youtube.com/watch?v=t4hiu_kohhs"
    cast.save()
    html = client.get(cast.get_absolute_url()).content.decode()
    assert "<iframe" not in html
    assert 'data-embed="https://www.youtube-nocookie.com/embed/t4hiu_kohhs?autoplay=1&amp;rel=0"' in html


def test_korean_pages_show_hangul_first(client, cast):
    html = client.get("/ko/films/lost-in-starlight/").content.decode()
    assert '김태리 (<span lang="en">Kim Tae-ri</span>)' in html


@pytest.mark.parametrize("name", ["film-detail", "person-detail", "song-detail"])
def test_drafts_answer_404_to_visitors_and_preview_to_staff(client, admin_client, name):
    film = f.draft(f.film)
    obj = {"film-detail": film, "person-detail": f.draft(f.person), "song-detail": f.draft(f.song, f.film())}[name]
    assert client.get(obj.get_absolute_url()).status_code == 404
    response = admin_client.get(obj.get_absolute_url())
    assert response.status_code == 200
    assert "Preview — not published." in response.content.decode()


def test_scheduled_people_are_hidden_until_their_time(client):
    person = f.scheduled(f.person, name="Future Person")
    assert client.get(person.get_absolute_url()).status_code == 404
    assert "Future Person" not in client.get(reverse("catalog:person-list")).content.decode()


def test_person_page_lists_credits_and_songs(client, cast):
    html = client.get("/people/kim-tae-ri/").content.decode()
    assert "Voice of Nan-young (Korean original)" in html
    assert 'Lost in Starlight (<span lang="ko">이 별에 필요한</span>)' in html
    html = client.get("/people/v/").content.decode()
    assert "Bon Voyage" in html and "V&#x27;s version" in html


def test_song_pages(client, cast):
    assert "Bon Voyage" in client.get(reverse("catalog:song-list")).content.decode()
    html = client.get("/songs/bon-voyage/").content.decode()
    assert 'V (<span lang="ko">뷔</span>)' in html and "Performer" in html


@pytest.mark.django_db(transaction=True)  # the content version moves when a save commits
def test_a_songs_credits_are_read_once_per_change_and_shown_fresh_after_each(client, cast):
    """The song page keeps its credits until the catalog changes: a second render does not read them,
    and a credit added, a person renamed or a person made a draft shows on the next render."""
    song_page = "/songs/bon-voyage/"
    client.get(song_page)
    with CaptureQueriesContext(connection) as again:
        client.get(song_page)
    assert not [query for query in again.captured_queries if "catalog_songcredit" in query["sql"]]
    song = Song.objects.get(slug="bon-voyage")
    composer = f.person(name="Park Ji-hoon", slug="park-ji-hoon")
    f.song_credit(song, composer, role=SongCredit.Role.COMPOSER)
    html = client.get(song_page).content.decode()
    assert "Park Ji-hoon" in html and '"Park Ji-hoon"' in html  # the credits and the page's JSON-LD
    composer.name = "Park Jihoon"
    composer.save()
    assert "Park Jihoon" in client.get(song_page).content.decode()
    composer.status = Status.DRAFT
    composer.save()
    assert "Park Jihoon" not in client.get(song_page).content.decode()


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("role=voice", ["Kim Tae-ri", "Maitreyi"], ["Han Ji-won"]),
        ("role=director", ["Han Ji-won"], ["Kim Tae-ri"]),
        ("language=en", ["Maitreyi"], ["Kim Tae-ri", "Hong Kyung"]),
        ("film=lost-in-starlight&role=voice&language=ko", ["Kim Tae-ri", "Hong Kyung"], ["Maitreyi"]),
        ("q=tai-ri", ["Kim Tae-ri"], ["Hong Kyung"]),
        ("q=nobody", [], ["Kim Tae-ri"]),
        ("q=김태", ["Kim Tae-ri"], ["Hong Kyung"]),
    ],
)
def test_people_filters(client, cast, query, present, absent):
    html = client.get(f"{reverse('catalog:person-list')}?{query}").content.decode()
    for name in present:
        assert name in html
    for name in absent:
        assert f">{name}" not in html


@pytest.mark.parametrize(
    "query",
    [
        "role=wizard",
        "film=no-such-film",
        "language=xx",
        "page=abc",
        "page=999",
        "page=-1",
        "q=" + "x" * 500,
        "role[]=1",
    ],
)
def test_bad_people_filters_answer_a_page_never_a_500(client, cast, query):
    response = client.get(f"{reverse('catalog:person-list')}?{query}")
    assert response.status_code == 200
    assert "Kim Tae-ri" in response.content.decode()


def test_bad_filter_values_are_reported_next_to_the_field(client, cast):
    html = client.get(f"{reverse('catalog:person-list')}?role=wizard").content.decode()
    assert "Some filters were not understood" in html
    assert "Select a valid choice" in html


def test_people_list_is_paginated_and_sorted(client):
    for n in range(30):
        f.person(name=f"Person {n:02d}")
    first = client.get(reverse("catalog:person-list")).content.decode()
    assert "Person 00" in first and "Person 29" not in first
    second = client.get(reverse("catalog:person-list") + "?page=2").content.decode()
    assert "Person 29" in second


@pytest.mark.django_db(transaction=True)
def test_the_people_counts_are_kept_yet_right_after_every_change(client, cast):
    """The totals are kept per set of filters until the next change; a draft or a scheduled person
    is never counted, and a person added or a credit added counts at once."""
    people, voices = reverse("catalog:person-list"), reverse("catalog:person-list") + "?role=voice"
    assert "5 people" in client.get(people).content.decode()
    assert "3 people" in client.get(voices).content.decode()
    f.draft(f.person, name="Draft Person")
    f.scheduled(f.person, name="Future Person")
    assert "5 people" in client.get(people).content.decode()
    newcomer = f.person(name="Newcomer")
    assert "6 people" in client.get(people).content.decode()
    assert "3 people" in client.get(voices).content.decode()
    f.voice(newcomer, cast.characters.first(), "en")
    assert "4 people" in client.get(voices).content.decode()


def test_a_filter_value_holding_ampersands_never_shares_another_filters_total(client, cast):
    """One `q` whose value reads "kim&role=voice" is not the filters q=kim and role=voice."""
    people = reverse("catalog:person-list")
    assert "0 people" in client.get(people + "?q=kim%26role%3Dvoice").content.decode()
    html = client.get(people + "?q=kim&role=voice").content.decode()
    assert "1 person" in html and "Kim Tae-ri" in html


def add_cast(film, count):
    for n in range(count):
        character = f.character(film, name=f"Extra {film.pk}-{n}")
        f.voice(f.person(), character, "ko")
        f.voice(f.person(), character, "en")
        Credit.objects.create(person=f.person(), film=film, role=Credit.Role.ANIMATION)


def test_film_page_query_count_does_not_grow_with_the_cast(client, cast):
    small = render_queries(client, cast.get_absolute_url())
    add_cast(cast, 100)  # 300 more credits
    assert render_queries(client, cast.get_absolute_url()) == small
    assert small <= 10


def test_person_page_query_count_does_not_grow_with_credits(client, cast):
    url = "/people/kim-tae-ri/"
    small = render_queries(client, url)
    kim = cast.credits.get(person__slug="kim-tae-ri").person
    for _n in range(100):
        film = f.film()
        f.voice(kim, f.character(film), "ko")
        f.song_credit(f.song(film), kim)
    assert render_queries(client, url) == small
    assert small <= 8


@pytest.mark.parametrize("url", ["/", "/films/", "/people/", "/songs/", "/songs/bon-voyage/"])
def test_list_pages_query_count_is_constant(client, cast, url):
    small = render_queries(client, url)
    add_cast(cast, 20)
    for _n in range(20):
        f.song_credit(f.song(cast), f.person())
    assert render_queries(client, url) == small
