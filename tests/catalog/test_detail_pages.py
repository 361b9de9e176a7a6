"""The person, song and film pages in full, in English and Korean: a person's roles in words under each
film and “Known for” linked to the catalog's works; a song's credits by role, length, listen link and
scene or release; a film's crew by department. Each page a constant number of queries."""

import datetime as dt

import pytest

from catalog.models import Credit, SongCredit
from tests import factories as f
from tests.pages import json_ld, render_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(world):
    """The world with more of everything these pages show."""
    Credit.objects.create(person=world.director, film=world.film, role=Credit.Role.SCREENPLAY, order=2)
    world.writer = f.person(name="Kang Hyun-joo", name_ko="강현주", slug="kang-hyun-joo")
    Credit.objects.create(person=world.writer, film=world.film, role=Credit.Role.SCREENPLAY, note="co-writer", order=3)
    world.kim.known_for = "The Handmaiden\nLost Starlight (2025)\n“Bon Voyage”\nZanzibarite Sequel"
    world.kim.save()
    world.film.aliases = "Lost Starlight"
    world.film.save()
    song = world.song
    song.duration = dt.timedelta(minutes=3, seconds=41)
    song.media_url = "https://open.spotify.com/track/bon-voyage"
    song.context = "The end credits"
    song.save()
    f.song_credit(song, world.kim, role=SongCredit.Role.PERFORMER)
    f.song_credit(song, world.kim, role=SongCredit.Role.LYRICIST, note="some lines")
    f.song_credit(song, world.hong, role=SongCredit.Role.LYRICIST)
    return world


def items(doc, section_id):
    return doc.find(attrs={"aria-labelledby": section_id}).find_all("li")


def definitions(doc, section_id):
    """A section's <dl> as {term: (text, [link addresses])}."""
    dl = doc.find(attrs={"aria-labelledby": section_id}).find("dl")
    terms = dl.find_all("dt")
    return {
        dt_.get_text(): (dd.get_text(" ", strip=True), [a["href"] for a in dd.find_all("a")])
        for dt_, dd in ((term, term.find_next_sibling("dd")) for term in terms)
    }


# The person page


def test_a_person_page_words_each_role_under_its_film(full, page):
    (kim_on_film,) = items(page("/people/kim-tae-ri/"), "credits-title")
    assert kim_on_film.a["href"] == "/films/lost-in-starlight/"
    assert "Voice of Nan-young (Korean original)" in kim_on_film.get_text()
    (director_on_film,) = items(page("/people/han-ji-won/"), "credits-title")  # one line for both roles
    assert director_on_film.get_text().endswith("— Director, Screenplay")
    (dub,) = items(page("/people/maitreyi-ramakrishnan/"), "credits-title")
    assert "Voice of Nan-young (English dub)" in dub.get_text()
    (writer,) = items(page("/people/kang-hyun-joo/"), "credits-title")
    assert "Screenplay — co-writer" in writer.get_text(" ", strip=True)


def test_a_korean_person_page_words_the_roles_in_korean(full, page):
    (kim_on_film,) = items(page("/ko/people/kim-tae-ri/"), "credits-title")
    assert kim_on_film.a["href"] == "/ko/films/lost-in-starlight/"
    assert "난영 목소리 (한국어 원어)" in kim_on_film.get_text()
    (director_on_film,) = items(page("/ko/people/han-ji-won/"), "credits-title")
    assert director_on_film.get_text().endswith("— 감독, 각본")
    (dub,) = items(page("/ko/people/maitreyi-ramakrishnan/"), "credits-title")
    assert "난영 목소리 (영어 더빙)" in dub.get_text()


def test_a_person_page_lists_each_song_once_with_every_role(full, page):
    (song,) = items(page("/people/kim-tae-ri/"), "songs-title")
    assert song.a["href"] == "/songs/bon-voyage/"
    assert song.get_text(" ", strip=True).endswith("— Performer, Lyricist — some lines")


@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_known_for_links_the_works_the_catalog_shows(full, page, prefix):
    known = {
        li.get_text(): li.a["href"] if li.a else None
        for li in items(page(f"{prefix}/people/kim-tae-ri/"), "known-title")
    }
    assert known == {
        "The Handmaiden": None,
        "Lost Starlight (2025)": f"{prefix}/films/lost-in-starlight/",  # by the film's alias
        "“Bon Voyage”": f"{prefix}/songs/bon-voyage/",
        "Zanzibarite Sequel": None,  # a draft film
    }


# The song page


def test_a_song_page_lists_every_public_credit_by_role(full, page):
    credits = definitions(page("/songs/bon-voyage/"), "credits-title")
    assert list(credits) == ["Performer", "Composer", "Lyricist"]
    performers = ("V ( 뷔 ) — V's version , Kim Tae-ri ( 김태리 )", ["/people/v/", "/people/kim-tae-ri/"])
    assert credits["Performer"] == performers
    assert credits["Composer"][1] == ["/people/park-composer/"]
    assert credits["Lyricist"][1] == ["/people/kim-tae-ri/", "/people/hong-kyung/"]  # the draft lyricist is not shown
    assert "Hidden Zanzibarite" not in credits["Lyricist"][0]


def test_a_song_page_gives_its_length_listen_link_and_scene(full, page):
    doc = page("/songs/bon-voyage/")
    length = doc.select_one("article.song > dl.facts time")
    assert (length.get_text(), length["datetime"]) == ("3:41", "PT3M41S")
    facts = {dt_.get_text(): dt_.find_next_sibling("dd") for dt_ in doc.select("article.song > dl.facts dt")}
    assert facts["Scene or release"].get_text() == "The end credits" and not facts["Scene or release"].get("lang")
    listen = doc.find("a", string="Listen on Spotify")
    assert listen["href"] == "https://open.spotify.com/track/bon-voyage"
    recording = json_ld(doc)["MusicRecording"]
    assert recording["duration"] == "PT3M41S"


def test_a_korean_song_page_says_it_in_korean(full, page):
    doc = page("/ko/songs/bon-voyage/")
    facts = {dt_.get_text(): dt_.find_next_sibling("dd") for dt_ in doc.select("article.song > dl.facts dt")}
    assert facts["길이"].get_text() == "3:41"
    assert facts["장면 또는 음반"]["lang"] == "en"  # no Korean text yet: the English, marked as English
    assert doc.find("a", string="Spotify에서 듣기")
    credits = definitions(doc, "credits-title")
    assert list(credits) == ["가창", "작곡", "작사"]
    full.song.context_ko = "엔딩 크레딧"
    full.song.save()
    doc = page("/ko/songs/bon-voyage/")
    facts = {dt_.get_text(): dt_.find_next_sibling("dd") for dt_ in doc.select("article.song > dl.facts dt")}
    assert facts["장면 또는 음반"].get_text() == "엔딩 크레딧" and not facts["장면 또는 음반"].get("lang")


def test_a_song_without_length_or_known_service_says_only_what_it_has(world, page):
    world.song.media_url = "https://example.org/bon-voyage.mp3"
    world.song.save()
    doc = page("/songs/bon-voyage/")
    assert doc.find("a", string="Listen")["href"] == "https://example.org/bon-voyage.mp3"
    assert not doc.select("article.song > dl.facts")
    assert "duration" not in json_ld(doc)["MusicRecording"]


# The film page


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "",
            {
                "Directing": ["Han Ji-won (한지원)"],
                "Writing": ["Han Ji-won (한지원)", "Kang Hyun-joo (강현주)"],
                "Music": ["Park Composer (박작곡)"],
            },
        ),
        (
            "/ko",
            {
                "연출": ["한지원 (Han Ji-won)"],
                "각본": ["한지원 (Han Ji-won)", "강현주 (Kang Hyun-joo)"],
                "음악": ["박작곡 (Park Composer)"],
            },
        ),
    ],
)
def test_a_film_page_shows_its_crew_by_department(full, page, prefix, expected):
    dl = page(f"{prefix}/films/lost-in-starlight/").find(attrs={"aria-labelledby": "crew-title"}).find("dl")
    crew = {
        term.get_text(): [a.get_text() for a in term.find_next_sibling("dd").find_all("a")]
        for term in dl.find_all("dt")
    }
    assert crew == expected  # in the departments' order; nobody in Editing, so no Editing; voices are the cast's
    links = [a["href"] for a in dl.find_all("a")]
    assert f"{prefix}/people/kang-hyun-joo/" in links


def test_every_crew_role_has_a_department():
    from catalog.models import CREW_DEPARTMENTS

    placed = [role for _label, roles in CREW_DEPARTMENTS for role in roles]
    assert sorted(placed) == sorted(set(Credit.Role.values) - {Credit.Role.VOICE})


# Queries


def grow(world, n):
    for i in range(n):
        film = f.film(name=f"Other Film {i}", slug=f"other-film-{i}")
        f.voice(world.kim, f.character(film), "en")
        Credit.objects.create(person=world.kim, film=film, role=Credit.Role.PRODUCER)
        f.song_credit(f.song(film, title=f"Other Song {i}", slug=f"other-song-{i}"), world.kim)
        f.song_credit(world.song, f.person(), role=SongCredit.Role.PRODUCER)
        Credit.objects.create(person=f.person(), film=world.film, role=Credit.Role.EDITING)
    world.kim.known_for += "".join(f"\nOther Film {i}\nOther Song {i}\nNot Here {i}" for i in range(n))
    world.kim.save()


@pytest.mark.parametrize(
    "url",
    [
        "/people/kim-tae-ri/",
        "/ko/people/kim-tae-ri/",
        "/songs/bon-voyage/",
        "/ko/songs/bon-voyage/",
        "/films/lost-in-starlight/",
    ],
)
def test_the_fuller_pages_cost_the_same_queries_however_much_they_show(full, client, url):
    small = render_queries(client, url)
    grow(full, 5)
    assert render_queries(client, url) == small <= 10


# Where to watch


@pytest.mark.parametrize("prefix, label", [("", "Watch on Netflix"), ("/ko", "넷플릭스에서 보기")])
def test_the_film_page_links_each_release_to_where_it_is_watched(world, page, prefix, label):
    streaming = world.film.releases.get(kind="streaming")
    streaming.watch_url = "https://www.netflix.com/title/81594962"
    streaming.platform_ko = "넷플릭스"
    streaming.save()
    doc = page(f"{prefix}/films/lost-in-starlight/")
    watch = doc.find("a", string=label)
    assert watch["href"] == "https://www.netflix.com/title/81594962"
    tickets = doc.find(attrs={"aria-labelledby": "watch-title"})
    assert [a["href"] for a in tickets.find_all("a")] == ["https://www.netflix.com/title/81594962"]


def test_the_film_details_give_its_release_date(world, page):
    details = definitions(page("/films/lost-in-starlight/"), "details-title")
    assert details["Release date"] == ("May 30, 2025", [])
    time = page("/films/lost-in-starlight/").find(attrs={"aria-labelledby": "details-title"}).find("time")
    assert time["datetime"] == "2025-05-30"


def test_a_film_without_a_watch_link_offers_none(world, page):
    doc = page("/films/lost-in-starlight/")
    assert doc.find("a", string="Watch on Netflix") is None
