"""The read API's lists and details: what each gives, its filters, `?fields=`, `?include=`, the
languages, pictures, paging, and the same few queries however much content there is."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Credit
from news.models import Mention
from tests import factories as f

pytestmark = pytest.mark.django_db


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, f"{url} answered {response.status_code}: {response.content[:300]}"
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def slugs(client, url, **headers) -> list:
    return [row.get("slug", row.get("id")) for row in get(client, url, **headers)["results"]]


# Filters: each list's, as the site's pages filter --------------------------------------------------

FILTERED = [
    ("/api/v1/films/", ["lost-in-starlight"]),
    ("/api/v1/films/?year=2025", ["lost-in-starlight"]),
    ("/api/v1/films/?year=1999", []),
    ("/api/v1/people/?role=director", ["han-ji-won"]),
    ("/api/v1/people/?role=voice&language=en", ["maitreyi-ramakrishnan"]),
    ("/api/v1/people/?film=lost-in-starlight&role=music", ["park-composer"]),
    ("/api/v1/people/?q=tae-ri", ["kim-tae-ri"]),
    ("/api/v1/songs/", ["bon-voyage"]),
    ("/api/v1/songs/?film=lost-in-starlight", ["bon-voyage"]),
    ("/api/v1/songs/?person=v", ["bon-voyage"]),
    ("/api/v1/songs/?person=kim-tae-ri", []),
    ("/api/v1/articles/?topic=music", ["teaser", "soundtrack-notes"]),
    ("/api/v1/articles/?source=starlight-desk", ["review", "teaser"]),
    ("/api/v1/articles/?language=ko", ["김태리-난영"]),
    ("/api/v1/articles/?year=2024", ["soundtrack-notes"]),
    ("/api/v1/articles/?year=2025&month=4", ["teaser"]),
    ("/api/v1/articles/?q=animators", ["review", "festival-diary"]),
    ("/api/v1/topics/", ["cast", "music", "release", "reviews"]),
    ("/api/v1/sources/", ["seoul-screen-notes", "starlight-desk"]),
]


@pytest.mark.parametrize(("url", "expected"), FILTERED)
def test_each_list_filters_as_the_site_does(client, world, url, expected):
    assert slugs(client, url) == expected


def test_characters_by_film(client, world):
    rows = get(client, "/api/v1/characters/?film=lost-in-starlight")["results"]
    assert [(row["name"], row["film"]) for row in rows] == [
        ("Nan-young", "lost-in-starlight"),
        ("Jay", "lost-in-starlight"),
    ]
    detail = get(client, f"/api/v1/characters/{world.nan_young.pk}/")
    assert detail["url"] == f"http://testserver/films/lost-in-starlight/#character-{world.nan_young.pk}"


def test_a_detail_by_slug_with_its_page_and_pictures(client, world):
    film = get(client, "/api/v1/films/lost-in-starlight/")
    assert film["url"] == "http://testserver/films/lost-in-starlight/"
    assert film["genres"] == ["Animation", "Romance"] and film["year"] == 2025
    poster = film["poster"]
    assert poster["alt_text"] == "The poster" and (poster["width"], poster["height"]) == (400, 600)
    assert [(r["width"], r["height"]) for r in poster["renditions"]] == [(96, 144), (192, 288), (320, 480), (400, 600)]
    assert all(r["url"].startswith("http://testserver/media/renditions/") for r in poster["renditions"])
    person = get(client, "/api/v1/people/kim-tae-ri/")
    assert person["aliases"] == ["Kim Tai-ri"] and person["photo"]["width"] == 200
    assert get(client, "/api/v1/songs/bon-voyage/")["film"] == "lost-in-starlight"
    article = get(client, "/api/v1/articles/teaser/")
    assert article["source"] == "starlight-desk" and sorted(article["topics"]) == ["music", "release"]
    assert article["url"] == "http://testserver/news/teaser/" and article["hero_image"] is None
    assert get(client, "/api/v1/topics/music/")["url"] == "http://testserver/news/topics/music/"
    assert get(client, "/api/v1/sources/starlight-desk/")["url"] == "http://testserver/news/?source=starlight-desk"


def test_fields_narrow_each_object(client, world):
    rows = get(client, "/api/v1/articles/?fields=slug,url")["results"]
    assert {tuple(row) for row in rows} == {("slug", "url")}
    assert list(get(client, "/api/v1/films/lost-in-starlight/?fields=name")) == ["name"]


# Includes ------------------------------------------------------------------------------------------


def test_an_article_embeds_its_topics_source_and_public_mentions(client, world):
    article = world.articles.review
    Mention.objects.create(article=article, person=world.hidden.draft_person)
    embedded = get(client, "/api/v1/articles/review/?include=topics,source,mentions")["embedded"]
    assert [topic["slug"] for topic in embedded["topics"]] == ["reviews"]
    assert embedded["source"]["name"] == "Starlight Desk"
    named = {(mention["kind"], mention["slug"]) for mention in embedded["mentions"]}
    assert ("person", "kim-tae-ri") in named and ("person", "hidden-person") not in named
    only_topics = get(client, "/api/v1/articles/review/?include=topics")["embedded"]
    assert list(only_topics) == ["topics"]
    assert "embedded" not in get(client, "/api/v1/articles/review/")


def test_a_film_embeds_its_characters_and_public_songs(client, world):
    embedded = get(client, "/api/v1/films/lost-in-starlight/?include=characters,songs")["embedded"]
    assert [character["name"] for character in embedded["characters"]] == ["Nan-young", "Jay"]
    assert [song["slug"] for song in embedded["songs"]] == ["bon-voyage"]  # not the draft, nor the scheduled one


def test_a_song_embeds_its_film_and_public_credits(client, world):
    embedded = get(client, "/api/v1/songs/bon-voyage/?include=film,credits")["embedded"]
    assert embedded["film"]["slug"] == "lost-in-starlight"
    assert [(credit["person"], credit["role"]) for credit in embedded["credits"]] == [
        ("v", "performer"),
        ("park-composer", "composer"),
    ]  # the draft lyricist is left out


# Languages -----------------------------------------------------------------------------------------


def test_korean_by_header_or_parameter_and_both_when_asked(client, world):
    english = get(client, "/api/v1/films/lost-in-starlight/")
    assert english["name"] == "Lost in Starlight" and "name_ko" not in english
    by_header = get(client, "/api/v1/films/lost-in-starlight/", HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5")
    by_parameter = get(client, "/api/v1/films/lost-in-starlight/?lang=ko", HTTP_ACCEPT_LANGUAGE="en")
    for korean in (by_header, by_parameter):
        assert korean["name"] == "이 별에 필요한" and korean["tagline"] == "같은 하늘 아래 두 꿈."
        assert korean["url"] == "http://testserver/ko/films/lost-in-starlight/"
        assert korean["genres"] == ["Animation", "Romance"]  # no Korean genres: the English ones
    both = get(client, "/api/v1/films/lost-in-starlight/?lang=all")
    assert (both["name"], both["name_ko"]) == ("Lost in Starlight", "이 별에 필요한")
    assert both["poster"]["alt_text_ko"] == ""
    topic = get(client, "/api/v1/topics/music/?lang=ko")
    assert topic["name"] == "음악"


# Paging --------------------------------------------------------------------------------------------


def test_a_cursor_walks_the_whole_list_in_order(client, world):
    walked, url = [], "/api/v1/articles/?page_size=2"
    while url:
        page = get(client, url)
        walked += [row["slug"] for row in page["results"]]
        url = page["next"]
    assert walked == slugs(client, "/api/v1/articles/?page_size=100")
    assert walked == ["김태리-난영", "review", "teaser", "festival-diary", "soundtrack-notes"]


# Queries: a constant number per answer, however much is listed or embedded ----------------------


def grow(world, n):
    film = world.film
    for i in range(n):
        character = f.character(film, name=f"Extra {i}")
        singer = f.person(name=f"Voice {i}", slug=f"voice-{i}")
        f.voice(singer, character, "ko")
        Credit.objects.create(person=f.person(name=f"Composer {i}", slug=f"composer-{i}"), film=film, role="music")
        song = f.song(film, title=f"Track {i}", slug=f"track-{i}")
        f.song_credit(song, singer)
        story = f.article(
            title=f"Lost in Starlight story {i}",
            slug=f"story-{i}",
            body="<p>Kim Tae-ri sings Bon Voyage.</p>",
            source=world.desk,
            topics=[world.music, world.reviews],
        )
        Mention.objects.get_or_create(article=story, person=world.kim)
        Mention.objects.get_or_create(article=world.articles.review, song=song)


QUERIES = {
    "/api/v1/films/?include=characters,songs": 3,
    "/api/v1/films/?year=2025": 1,
    "/api/v1/films/lost-in-starlight/?include=characters,songs": 3,
    "/api/v1/people/?role=voice&film=lost-in-starlight&language=ko": 2,
    "/api/v1/people/kim-tae-ri/": 1,
    "/api/v1/characters/?film=lost-in-starlight": 2,
    "/api/v1/songs/?include=film,credits&film=lost-in-starlight&person=v": 4,
    "/api/v1/songs/bon-voyage/?include=film,credits": 2,
    "/api/v1/articles/?include=topics,source,mentions": 3,
    "/api/v1/articles/?topic=music&source=starlight-desk&year=2025&language=en&include=mentions": 6,
    "/api/v1/articles/review/?include=topics,source,mentions": 3,
    "/api/v1/topics/": 1,
    "/api/v1/sources/": 1,
    "/api/v1/topics/music/": 1,
}


def queries(client, url) -> int:
    client.get(url)  # works out the content version and when the next scheduled row goes live
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    statements = [query["sql"].lstrip().upper() for query in context.captured_queries]
    return sum(not sql.startswith(("SAVEPOINT", "RELEASE")) for sql in statements)


@pytest.mark.parametrize(("url", "expected"), QUERIES.items())
def test_query_count_does_not_grow_with_the_content(client, world, url, expected):
    before = queries(client, url)
    grow(world, 5)
    after = queries(client, url)
    assert (before, after) == (expected, expected)
