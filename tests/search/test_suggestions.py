"""Suggestions as you type: JSON of published names and titles, in the page's language, in few queries."""

import datetime as dt

import pytest
from django.urls import resolve, reverse
from django.utils import timezone, translation

from search.query import MAX_QUERY_LENGTH
from search.suggestions import LIMIT
from search.views import SuggestView
from tests import factories as f
from tests.clock import travel
from tests.pages import render_queries
from tests.visitors import Visitor

pytestmark = pytest.mark.django_db


def suggestions(client, query: str, prefix: str = "") -> list[dict]:
    response = client.get(f"{prefix}/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["suggestions"]


def labels(client, query: str, prefix: str = "") -> list[str]:
    return [item["label"] for item in suggestions(client, query, prefix)]


def test_url_names():
    assert reverse("search:suggest") == "/search/suggest/"
    assert resolve("/search/suggest/").func.view_class is SuggestView
    with translation.override("ko"):
        assert reverse("search:suggest") == "/ko/search/suggest/"


def test_a_suggestion_has_a_label_a_kind_and_an_address(client, world):
    response = client.get("/search/suggest/?q=kim+tae")
    assert response.json() == {
        "query": "kim tae",
        "suggestions": [
            {
                "kind": "person",
                "kind_label": "Person",
                "label": "Kim Tae-ri (김태리)",
                "url": "/people/kim-tae-ri/",
                "lang": "",
                "also": "김태리",
                "also_lang": "ko",
            }
        ],
    }


def test_korean_pages_get_korean_labels_and_addresses(client, world):
    with translation.override("ko"):
        article_url = world.articles.korean.get_absolute_url()
    assert article_url.startswith("/ko/news/%EA%B9%80")
    assert suggestions(client, "김태", "/ko") == [
        {
            "kind": "person",
            "kind_label": "인물",
            "label": "김태리 (Kim Tae-ri)",
            "url": "/ko/people/kim-tae-ri/",
            "lang": "",
            "also": "Kim Tae-ri",
            "also_lang": "en",
        },
        {
            "kind": "article",
            "kind_label": "뉴스",
            "label": "김태리, 난영의 목소리로",
            "url": article_url,
            "lang": "",
            "also": "",
            "also_lang": "",
        },
    ]
    assert suggestions(client, "bon voy", "/ko") == [
        {
            "kind": "song",
            "kind_label": "노래",
            "label": "봉 보야주 (Bon Voyage)",
            "url": "/ko/songs/bon-voyage/",
            "lang": "",
            "also": "Bon Voyage",
            "also_lang": "en",
        }
    ]


def test_a_label_in_another_language_than_the_page_says_so(client, world):
    on_korean_pages = {item["label"]: item["lang"] for item in suggestions(client, "review", "/ko")}
    assert on_korean_pages["Review: a quiet love story among the stars"] == "en"  # an English article
    assert {item["label"]: item["lang"] for item in suggestions(client, "maitreyi", "/ko")} == {
        "Maitreyi Ramakrishnan": "en"  # no Hangul name
    }
    on_english_pages = {item["label"]: item["lang"] for item in suggestions(client, "김태")}
    assert on_english_pages == {"Kim Tae-ri (김태리)": "", "김태리, 난영의 목소리로": "ko"}


def test_a_name_in_the_other_script_is_given_apart_with_its_language(client, world):
    """“Nan-young (난영)” on an English page: the list marks 난영 as Korean (WCAG 3.1.2, language of parts),
    so the label comes with its two parts."""
    on_english_pages = {item["label"]: (item["also"], item["also_lang"]) for item in suggestions(client, "난")}
    assert on_english_pages["Nan-young (난영)"] == ("난영", "ko")
    on_korean_pages = {item["label"]: (item["also"], item["also_lang"]) for item in suggestions(client, "kim t", "/ko")}
    assert on_korean_pages == {"김태리 (Kim Tae-ri)": ("Kim Tae-ri", "en")}
    assert {item["label"]: item["also"] for item in suggestions(client, "maitreyi")} == {"Maitreyi Ramakrishnan": ""}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lost", ["Lost in Starlight (이 별에 필요한)"]),  # a film
        ("ki", ["Kim Tae-ri (김태리)"]),  # two letters are enough
        ("kim t", ["Kim Tae-ri (김태리)"]),  # the last word is always unfinished
        ("tai", ["Kim Tae-ri (김태리)"]),  # any word of any name, aliases too
        ("태리", ["Kim Tae-ri (김태리)", "김태리, 난영의 목소리로"]),  # inside a Korean word, as the index reads it
        ("별에", ["Lost in Starlight (이 별에 필요한)"]),
        ("뷔", ["V (뷔)"]),  # one Hangul syllable is a whole name
        ("voyage", ["Bon Voyage (봉 보야주)"]),
        ("festival", ["Festival diary"]),  # an article's title
        ("animators", []),  # words of the text are not names
    ],
)
def test_names_in_any_script_and_titles_are_suggested(client, world, query, expected):
    assert labels(client, query) == expected


def test_an_exact_name_comes_first_then_names_that_start_with_it(client, world):
    f.person(name="Vera Bon", slug="vera-bon")
    f.person(name="Bon", slug="bon")
    # Bon itself, then the names whose first word is “bon”, then those starting with it, then the others.
    assert labels(client, "bon") == ["Bon", "Bon Voyage (봉 보야주)", "Bong Joon-ho", "Vera Bon"]


def test_a_name_its_pages_show_comes_before_an_alias(client, world):
    world.v.aliases = "Kim Taehyung"
    world.v.save()
    assert labels(client, "kim") == ["Kim Tae-ri (김태리)", "V (뷔)"]


def test_a_hangul_syllable_suggests_the_names_that_start_with_it_first(client, world):
    """난 starts the character 난영 and is only inside 라마크리슈난: the character comes first, on its film's page."""
    f.person(name="Maitreyi Ramakrishnan Two", name_ko="라마크리슈난", slug="maitreyi-two")
    found = suggestions(client, "난")
    # English pages give the Hangul of Korean names only (a person's name written in Latin letters is not).
    assert [item["label"] for item in found][:2] == ["Nan-young (난영)", "Maitreyi Ramakrishnan Two"]
    assert found[0]["kind"] == "character" and found[0]["url"] == world.nan_young.get_absolute_url()
    assert suggestions(client, "난", "/ko")[0]["kind_label"] == "등장인물"


def test_drafts_and_scheduled_things_are_never_suggested(client, world):
    for query in ["zanzibarite", "quokkalicious", "hidden", "unreleased", "future", "숨은사람", "embargoed"]:
        assert labels(client, query) == [], query
    world.kim.status = "draft"
    world.kim.save()
    assert labels(client, "kim tae") == []


def test_at_most_a_few_articles_among_the_names(client, world):
    f.draft(f.article, title="Nova report drafted", slug="nova-draft")
    for n in range(10):
        f.person(name=f"Nova Singer {n}", slug=f"nova-{n}")
        f.article(title=f"Nova report {n}", slug=f"nova-report-{n}")
    found = suggestions(client, "nova")
    assert len(found) == LIMIT
    assert [item["kind"] for item in found] == ["person"] * 5 + ["article"] * 3
    # The factory dates each article an hour before the one made before it: newest first.
    assert [item["label"] for item in found[5:]] == ["Nova report 0", "Nova report 1", "Nova report 2"]
    f.person(name="Nova Only", slug="nova-only")
    assert len(suggestions(client, "nova rep")) == LIMIT  # articles fill the places names leave


@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "q=",
        "q=k",  # too short to say anything yet
        "q=%00",
        "q=kim%00tae",
        "q=%25%25%25",
        f"q={'x' * (MAX_QUERY_LENGTH + 1)}",
        "q=" + "+".join(f"w{n}" for n in range(12)),
        "q=%22kim%22+OR+tae*",
        "q=NEAR(kim+tae)",
        "q=names%3Akim",
        "q=%27%3B+DROP+TABLE+news_article%3B+--",
        "q=%ED%95%9C",
        "q=%E2%80%AE%E2%80%8B",
        "q[]=kim",
        "q=kim&q=%00&page=x&%00=1",
        "x=%FF%FE",
    ],
)
def test_bad_input_gets_a_clean_answer(client, world, query_string):
    response = client.get(f"/search/suggest/?{query_string}")
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)
    assert "\x00" not in response.json()["query"]


def test_nothing_usable_gives_an_empty_list(client, world):
    for query in ["", "k", "%%%", "x" * (MAX_QUERY_LENGTH + 1)]:
        assert suggestions(client, query) == []


def test_only_get_and_head(client, world):
    assert client.post("/search/suggest/", {"q": "kim"}).status_code == 405


def test_headers_let_it_be_cached_and_keep_it_out_of_search_engines(client, world, settings):
    settings.PAGE_CACHE_ENABLED = True  # the page cache gives it the headers every public page has
    response = client.get("/search/suggest/?q=kim")
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_query_count_does_not_grow_with_matches(client, world):
    def add(n):
        f.film(name=f"Nova Film {n}", slug=f"nova-film-{n}")
        f.person(name=f"Nova Singer {n}", slug=f"nova-{n}")
        f.song(world.film, title=f"Nova Song {n}", slug=f"nova-song-{n}")
        f.article(title=f"Nova report {n}", slug=f"nova-report-{n}")

    add(0)
    # Two reads of the index, one of the characters, then one read per kind shown: here all four.
    expected = 7
    assert render_queries(client, "/search/suggest/?q=nova") == expected
    for n in range(1, 20):
        add(n)
    assert render_queries(client, "/search/suggest/?q=nova") <= expected
    assert render_queries(client, "/search/suggest/?q=k") == 0


@pytest.mark.django_db(transaction=True)
def test_the_page_cache_keeps_answers_per_query_and_language_until_content_changes(settings):
    """Stored under the path and query string like a page; an edit anywhere, or a scheduled row
    going live, makes the next answer fresh (starlight/page_cache.py)."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TIMEOUT = 24 * 3600  # so nothing but a change or a go-live can end what is kept
    visitor = Visitor()
    f.person(name="Nova Singer", name_ko="노바", slug="nova")
    first = visitor.get("/search/suggest/?q=nova")
    assert first["X-Page-Cache"] == "miss"
    again = visitor.get("/search/suggest/?q=nova")
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert "public" in again["Cache-Control"] and "ETag" in again
    assert visitor.get("/search/suggest/?q=nov")["X-Page-Cache"] == "miss"  # each query its own entry
    korean = visitor.get("/ko/search/suggest/?q=nova")
    assert korean["X-Page-Cache"] == "miss" and korean.json()["suggestions"][0]["label"] == "노바 (Nova Singer)"
    f.person(name="Nova Dancer", slug="nova-dancer")
    fresh = visitor.get("/search/suggest/?q=nova")
    assert fresh["X-Page-Cache"] == "miss"
    assert [item["label"] for item in fresh.json()["suggestions"]] == ["Nova Dancer", "Nova Singer (노바)"]
    go_live = timezone.now() + dt.timedelta(hours=1)  # no machine reaches it during the test: the clock is moved
    f.article(title="Nova soon", slug="nova-soon", publish_at=go_live)
    assert "Nova soon" not in visitor.get("/search/suggest/?q=nova").content.decode()
    with travel(go_live - dt.timedelta(minutes=1)):
        assert visitor.get("/search/suggest/?q=nova")["X-Page-Cache"] == "hit"
    with travel(go_live + dt.timedelta(minutes=1)):
        assert "Nova soon" in visitor.get("/search/suggest/?q=nova").content.decode()
