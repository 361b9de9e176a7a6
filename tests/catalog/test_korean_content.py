"""Korean on every line: Korean content fields on /ko/ pages, the English fallback marked lang="en"."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from catalog.known_for import known_for
from catalog.models import Credit, Film, Person, Praise, Release
from common.languages import localized
from tests import factories as f
from tests.catalog.test_images import image_bytes
from tests.pages import json_ld, render_queries, soup

pytestmark = pytest.mark.django_db

ENGLISH = {
    "genres": "Animation, Romance",
    "region": "United States",
    "platform": "Select theaters",
    "release_note": "Goes live around midnight Pacific Time",
    "character": "An astronaut who wants Mars.",
    "credit_note": "co-director",
    "song_note": "V's version",
    "known_for": "The Handmaiden\nSpace Sweepers",
    "bio": "<p>Actor known for The Handmaiden.</p>",
    "song": "The theme that keeps returning.",
}
KOREAN = {
    "genres": "애니메이션, 로맨스",
    "region": "미국",
    "platform": "일부 극장",
    "release_note": "태평양 시간 자정 무렵 공개",
    "character": "화성을 꿈꾸는 우주비행사.",
    "credit_note": "공동 연출",
    "song_note": "뷔 버전",
    "known_for": "아가씨\n승리호",
    "bio": "<p>〈아가씨〉로 알려진 배우.</p>",
    "song": "거듭 되돌아오는 주제곡.",
}


def make_film(korean: dict | None):
    """A film with every translatable text in English and, given `korean`, in Korean too."""
    ko = korean or {}
    film = f.film(
        name="Lost in Starlight",
        name_ko="이 별에 필요한",
        slug="lost-in-starlight",
        genres=ENGLISH["genres"],
        genres_ko=ko.get("genres", ""),
    )
    Release.objects.create(
        film=film,
        date=dt.date(2025, 5, 30),
        kind=Release.Kind.THEATRICAL,
        region=ENGLISH["region"],
        region_ko=ko.get("region", ""),
        platform=ENGLISH["platform"],
        platform_ko=ko.get("platform", ""),
        note=ENGLISH["release_note"],
        note_ko=ko.get("release_note", ""),
    )
    nan_young = f.character(
        film, name="Nan-young", name_ko="난영", description=ENGLISH["character"], description_ko=ko.get("character", "")
    )
    kim = f.person(
        name="Kim Tae-ri",
        name_ko="김태리",
        slug="kim-tae-ri",
        bio=ENGLISH["bio"],
        bio_ko=ko.get("bio", ""),
        known_for=ENGLISH["known_for"],
        known_for_ko=ko.get("known_for", ""),
    )
    f.voice(kim, nan_young, "ko")
    Credit.objects.create(
        person=kim,
        film=film,
        role=Credit.Role.DIRECTOR,
        note=ENGLISH["credit_note"],
        note_ko=ko.get("credit_note", ""),
    )
    song = f.song(
        film, title="Bon Voyage", slug="bon-voyage", description=ENGLISH["song"], description_ko=ko.get("song", "")
    )
    f.song_credit(
        song, f.person(name="V", name_ko="뷔", slug="v"), note=ENGLISH["song_note"], note_ko=ko.get("song_note", "")
    )
    return film


def texts_and_langs(doc, text: str) -> list[str | None]:
    """Where the page shows `text`: for each place, the language marked on it or on an element around
    it inside the page (None where only the page's own language applies)."""
    found = []
    for node in doc.find_all(string=lambda string: string and text in string):
        if node.parent.name in {"script", "title", "option"}:
            continue
        marked = node.find_parent(lambda element: element.has_attr("lang"))
        found.append(None if marked is None or marked.name == "html" else marked["lang"])
    return found


PAGES = {
    "film": (
        "/ko/films/lost-in-starlight/",
        ["genres", "region", "platform", "release_note", "character", "credit_note", "song_note"],
    ),
    "person": ("/ko/people/kim-tae-ri/", ["known_for", "bio", "credit_note"]),
    "song": ("/ko/songs/bon-voyage/", ["song", "song_note"]),
    "v": ("/ko/people/v/", ["song_note"]),
    "home": ("/ko/", ["genres", "region", "platform", "release_note", "song_note"]),
}


def first_piece(value: str) -> str:
    """A piece of a field's text that pages show whole (one genre, one known-for line, the bio's words)."""
    return value.removeprefix("<p>").removesuffix("</p>").split("\n")[0].split(",")[0]


# The helper


def test_localized_picks_the_korean_text_on_korean_pages_only():
    film = Film(genres="Animation", genres_ko="애니메이션", tagline="Two dreamers", tagline_ko="")
    with translation.override("ko"):
        assert localized(film, "genres") == ("애니메이션", "ko")
        assert localized(film, "tagline") == ("Two dreamers", "en")  # the fallback says it is English
        assert film.local_genre_list == ["애니메이션"]
    with translation.override("en"):
        assert localized(film, "genres") == ("Animation", "en")
        assert film.local_genre_list == ["Animation"]


@pytest.mark.django_db
def test_known_for_lines_follow_the_page_language():
    person = Person(known_for="The Handmaiden\nSpace Sweepers", known_for_ko="아가씨\n승리호")

    def lines():
        return [(line.text, line.language) for line in known_for(person)]

    with translation.override("ko"):
        assert lines() == [("아가씨", "ko"), ("승리호", "ko")]
        person.known_for_ko = ""
        assert lines() == [("The Handmaiden", "en"), ("Space Sweepers", "en")]  # marked as the English they are
    with translation.override("en"):
        assert lines() == [("The Handmaiden", "en"), ("Space Sweepers", "en")]


# The pages


@pytest.mark.parametrize("name", PAGES)
def test_korean_pages_show_the_korean_texts_unmarked(client, name):
    make_film(KOREAN)
    url, fields = PAGES[name]
    doc = soup(client.get(url))
    for field in fields:
        assert texts_and_langs(doc, first_piece(ENGLISH[field])) == [], f"English {field} on {url}"
        langs = texts_and_langs(doc, first_piece(KOREAN[field]))
        assert langs and set(langs) == {None}, f"Korean {field} on {url}: {langs}"


@pytest.mark.parametrize("name", PAGES)
def test_korean_pages_mark_the_english_fallback(client, name):
    make_film(None)
    url, fields = PAGES[name]
    doc = soup(client.get(url))
    for field in fields:
        langs = texts_and_langs(doc, first_piece(ENGLISH[field]))
        assert langs and set(langs) == {"en"}, f"English {field} on {url}: {langs}"


@pytest.mark.parametrize("name", PAGES)
def test_english_pages_show_the_english_texts_unmarked(client, name):
    make_film(KOREAN)
    url, fields = PAGES[name]
    doc = soup(client.get(url.removeprefix("/ko")))
    for field in fields:
        assert texts_and_langs(doc, first_piece(KOREAN[field])) == [], f"Korean {field} on the English page"
        langs = texts_and_langs(doc, first_piece(ENGLISH[field]))
        assert langs and set(langs) == {None}, f"English {field}: {langs}"


def test_korean_meta_description_and_structured_data(client):
    make_film(KOREAN)
    doc = soup(client.get("/ko/songs/bon-voyage/"))
    assert doc.find("meta", attrs={"name": "description"})["content"] == KOREAN["song"]
    movie = json_ld(soup(client.get("/ko/films/lost-in-starlight/")))["Movie"]
    assert movie["genre"] == ["애니메이션", "로맨스"]


def test_praise_is_marked_in_the_language_it_was_said_in(client):
    film = make_film(KOREAN)
    Praise.objects.create(film=film, author_name="Bong Joon-ho", quote="A visual masterpiece.", order=1)
    Praise.objects.create(film=film, author_name="봉준호", quote="영상의 걸작.", language="ko", order=2)
    korean = soup(client.get("/ko/films/lost-in-starlight/"))
    assert [quote.get("lang") for quote in korean.select("blockquote")] == ["en", None]
    english = soup(client.get("/films/lost-in-starlight/"))
    assert [quote.get("lang") for quote in english.select("blockquote")] == [None, "ko"]


def test_alt_text_in_korean_or_marked_english(client):
    film = make_film(KOREAN)
    film.poster = f.image(image_bytes("PNG"), "poster.png", "A poster over a starfield")
    film.save()
    img = soup(client.get("/ko/films/lost-in-starlight/")).select_one(".hero__poster img")
    assert (img["alt"], img.get("lang")) == ("A poster over a starfield", "en")
    film.poster.alt_text_ko = "별이 가득한 하늘 위의 포스터"
    film.poster.save()
    cache.clear()  # the test's transaction never commits, so the edit cannot move the content version
    doc = soup(client.get("/ko/films/lost-in-starlight/"))
    img = doc.select_one(".hero__poster img")
    assert (img["alt"], img.get("lang")) == ("별이 가득한 하늘 위의 포스터", None)
    assert doc.find("meta", property="og:image:alt")["content"] == "별이 가득한 하늘 위의 포스터"
    img = soup(client.get("/films/lost-in-starlight/")).select_one(".hero__poster img")
    assert (img["alt"], img.get("lang")) == ("A poster over a starfield", None)


def test_people_filter_lists_films_by_their_korean_title(client):
    make_film(KOREAN)
    options = [option.text for option in soup(client.get("/ko/people/")).select("select[name=film] option")]
    assert "이 별에 필요한" in options and "Lost in Starlight" not in options


@pytest.mark.parametrize(
    "url", ["/", "/films/lost-in-starlight/", "/people/kim-tae-ri/", "/songs/bon-voyage/", "/people/"]
)
def test_korean_pages_run_the_same_queries_as_english_ones(client, url):
    make_film(KOREAN)
    assert render_queries(client, f"/ko{url}") == render_queries(client, url)


# The admin


@pytest.mark.parametrize(
    ("admin_url", "fields"),
    [
        (
            "admin:catalog_film_change",
            [
                "genres_ko",
                "releases-0-region_ko",
                "releases-0-platform_ko",
                "releases-0-note_ko",
                "characters-0-description_ko",
                "credits-0-note_ko",
                "praise-0-language",
            ],
        ),
        ("admin:catalog_person_change", ["known_for_ko", "bio_ko", "credits-0-note_ko"]),
        ("admin:catalog_song_change", ["description_ko", "credits-0-note_ko"]),
        ("admin:catalog_character_change", ["description_ko"]),
    ],
)
def test_admin_forms_offer_the_korean_fields(admin_client, admin_url, fields):
    film = make_film(KOREAN)
    Praise.objects.create(film=film, author_name="Bong Joon-ho", quote="A visual masterpiece.")
    obj = {
        "admin:catalog_film_change": film,
        "admin:catalog_person_change": Person.objects.get(slug="kim-tae-ri"),
        "admin:catalog_song_change": film.songs.get(),
        "admin:catalog_character_change": film.characters.get(),
    }[admin_url]
    doc = soup(admin_client.get(reverse(admin_url, args=[obj.pk])))
    for field in fields:
        assert doc.find(attrs={"name": field}) is not None, field


def test_admin_image_form_offers_korean_alt_text(admin_client):
    image = f.image(image_bytes("PNG"), "poster.png", "A poster")
    doc = soup(admin_client.get(reverse("admin:catalog_image_change", args=[image.pk])))
    assert doc.find(attrs={"name": "alt_text_ko"}) is not None


def test_korean_fields_are_kept_in_history():
    film = make_film(KOREAN)
    release = film.releases.get()
    release.note_ko = "공개 시간이 바뀌었다"
    release.save()
    assert [row.note_ko for row in release.history.order_by("history_date")] == [
        KOREAN["release_note"],
        "공개 시간이 바뀌었다",
    ]


def test_search_finds_people_and_songs_by_their_korean_texts(client):
    make_film(KOREAN)
    assert "/ko/people/kim-tae-ri/" in client.get("/ko/search/", {"q": "승리호"}).content.decode()
    assert "/ko/songs/bon-voyage/" in client.get("/ko/search/", {"q": "주제곡"}).content.decode()


def test_film_list_marks_an_english_tagline_on_korean_pages(client):
    f.film(name="Lost in Starlight", tagline="Two dreamers, one sky.")
    f.film(name="Another film", tagline="An English line.", tagline_ko="한국어 한 줄.")
    summaries = soup(client.get("/ko/films/")).select(".card__summary")
    assert sorted((p.text, p.get("lang")) for p in summaries) == [
        ("Two dreamers, one sky.", "en"),
        ("한국어 한 줄.", None),
    ]
