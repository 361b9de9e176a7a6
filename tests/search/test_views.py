"""The search page: results, highlighting, Korean, friendly refusals, filters, paging, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone, translation

from search.filters import ArticleResultFilter
from search.query import MAX_QUERY_LENGTH
from search.views import SearchView
from tests import factories as f
from tests.pages import render_queries, soup

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_url_names():
    assert reverse("search:search") == "/search/"
    assert resolve("/search/").func.view_class is SearchView
    with translation.override("ko"):
        assert reverse("search:search") == "/ko/search/"
        assert resolve("/ko/search/").func.view_class is SearchView


def test_results_are_grouped_with_the_query_marked(client, world):
    html = page(client, "/search/?q=kim+tai-ri")
    kim = '<a href="/people/kim-tae-ri/"><mark>Kim</mark> Tae-<mark>ri</mark> (<span lang="ko">김태리</span>)</a>'
    assert kim in html
    assert "Also spelled <mark>Kim Tai-ri</mark>" in html  # one name, one mark
    assert 'id="people"' in html and 'id="films"' not in html  # only kinds with results
    assert 'value="kim tai-ri"' in html  # the query stays in the box
    assert '<meta name="robots" content="noindex, follow">' in html


def test_snippets_mark_the_words_found(client, world):
    html = page(client, "/search/?q=animators")
    assert "The <mark>animators</mark> draw every frame of Seoul with care." in html


def test_korean_page_shows_hangul_first_and_marks_inside_words(client, world):
    html = page(client, "/ko/search/?q=%EA%B9%80%ED%83%9C%EB%A6%AC")  # 김태리
    assert 'href="/ko/people/kim-tae-ri/"><mark>김태리</mark> (<span lang="en">Kim Tae-ri</span>)</a>' in html
    assert "<mark>김태리</mark>는 이번 작품에서" in html
    assert 'action="/ko/search/"' in html


def test_an_article_found_through_a_mention_says_so(client, world):
    html = page(client, "/search/?q=kim+tae+ri")
    # Under the Korean article; the review, next, has her name in its text.
    korean, review = (
        html.index('href="/news/%EA%B9%80%ED%83%9C%EB%A6%AC-%EB%82%9C%EC%98%81/"'),
        html.index('href="/news/review/"'),
    )
    assert korean < html.index("Mentions <mark>Kim Tae-ri</mark>") < review
    assert html.count("Mentions <mark>") == 1
    html = page(client, "/ko/search/?q=%EA%B9%80%ED%83%9C%EB%A6%AC")  # 김태리
    assert html.count("<mark>김태리</mark> 언급") == 1  # the English review


def test_correction_is_explained(client, world):
    html = page(client, "/search/?q=kim+tea+ri")
    assert "Nothing matched “kim tea ri”. Showing results for <strong>Kim Tae-ri</strong> instead." in html
    assert 'href="/people/kim-tae-ri/"' in html


def test_a_misspelt_word_is_corrected_in_english_and_korean(client, world):
    html = page(client, "/search/?q=starlght")
    assert "Nothing matched “starlght”. Showing results for <strong>Starlight</strong> instead." in html
    assert 'Lost in <mark>Starlight</mark> (<span lang="ko">이 별에 필요한</span>)</a>' in html
    html = page(client, "/ko/search/?q=starlght")
    assert "“starlght”와(과) 일치하는 결과가 없어 <strong>Starlight</strong> 검색 결과를 보여 드립니다." in html
    assert 'href="/ko/films/lost-in-starlight/"' in html


def test_a_corrected_title_marks_the_phrase_and_no_lone_stop_word(client, world):
    html = page(client, "/search/?q=Lost+in+Starlite")
    assert "Showing results for <strong>Lost in Starlight</strong> instead." in html
    film = '<mark>Lost in Starlight</mark> (<span lang="ko">이 별에 필요한</span>)</a>'
    assert f'<a href="/films/lost-in-starlight/">{film}' in html
    assert "<mark>in</mark>" not in html
    assert "<mark>Lost in Starlight</mark> shows its first teaser." in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a name, a title or a few words"),
        ("+++", "Type a name, a title or a few words"),
        ("%25%25%25", "no letters or numbers"),
        ("%00", "Type a name, a title or a few words"),
        ("x" * (MAX_QUERY_LENGTH + 1), "too long"),
        ("+".join(["w"] * 3 + [f"w{n}" for n in range(9)]), "too many words"),
        ("%F0%9F%99%82", "no letters or numbers"),
    ],
)
def test_unusable_queries_get_a_friendly_page(client, world, query, message):
    html = page(client, f"/search/?q={query}")
    assert message in html
    assert 'class="search-hits"' not in html


@pytest.mark.parametrize(
    "query",
    [
        "%22kim%22+OR+tae*",
        "NEAR(kim+tae)",
        "kim%00tae",
        "%27%3B+DROP+TABLE+news_article%3B+--",
        "names%3Akim",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "a%2Ab%5Ec",
        "%ED%95%9C",  # one syllable
        "%E2%80%AE%E2%80%8B",  # direction and zero-width characters only
    ],
)
def test_junk_never_breaks_the_page(client, world, query):
    html = page(client, f"/search/?q={query}")
    assert "<script>alert" not in html


def test_nothing_found(client, world):
    html = page(client, "/search/?q=qwxzv")
    assert "0 results for “qwxzv”" in html
    assert "Nothing was found" in html


def test_article_filters_keep_the_query_and_report_bad_values(client, world):
    html = page(client, f"/search/?q=review&topic={world.reviews.slug}")
    assert 'href="/news/review/"' in html and 'href="/news/teaser/"' not in html
    assert '<input type="hidden" name="q" value="review">' in html
    html = page(client, "/search/?q=review&topic=nope&source=%00&year=2025.5")
    assert "Some filters were not understood and were ignored" in html
    assert 'href="/news/teaser/"' in html  # the bad filters were ignored, not applied


def test_filters_that_leave_no_articles_say_so(client, world):
    html = page(client, "/search/?q=review&year=1999")
    assert "No articles match these filters." in html
    assert "Clear filters" in html


def test_a_later_page_of_filters_that_leave_no_articles_is_the_same_empty_answer(client, world):
    # Kim Tae-ri is still found; the articles page asked for reaches past nothing (an offset of -1 once).
    html = page(client, "/search/?q=kim&year=1999&articles_page=3")
    assert "No articles match these filters." in html
    assert "Kim Tae-ri" in html


def test_a_song_is_found_by_the_scene_or_release_it_belongs_to(client, world):
    f.song(
        world.film, title="Orbit Lullaby", slug="orbit-lullaby", context="Plays over the launch at Naro Space Center"
    )
    assert "Orbit Lullaby" in page(client, "/search/?q=naro+space")


def test_the_snippet_shows_the_words_that_found_it_in_their_language(client, world):
    f.song(
        world.film,
        title="Orbit Lullaby",
        slug="orbit-lullaby",
        description="A quiet tune.",
        description_ko="발사 장면의 자장가.",
        context="Plays over the launch at Naro Space Center",
    )
    english = soup(client.get("/ko/search/?q=naro")).select_one(".search-hit--song .search-hit__snippet")
    assert english["lang"] == "en" and "<mark>Naro</mark>" in str(english)
    korean = soup(client.get("/ko/search/?q=자장가")).select_one(".search-hit--song .search-hit__snippet")
    assert not korean.has_attr("lang") and "<mark>자장가</mark>" in str(korean)


def test_a_film_is_found_by_its_korean_genres(client, world):
    world.film.genres_ko = "애니메이션, 로맨스"
    world.film.save()
    hit = soup(client.get("/ko/search/?q=로맨스")).select_one(".search-hit--film")
    assert hit is not None and "<mark>로맨스</mark>" in str(hit.select_one(".search-hit__snippet"))


def test_each_kind_has_its_own_pager(client, world):
    for n in range(12):
        f.person(name=f"Nova Singer {n:02}", slug=f"nova-{n}")
    f.article(title="Nova report", slug="nova-report")
    html = page(client, "/search/?q=nova&people_page=2")
    assert "Singer 10</a>" in html and "Singer 00</a>" not in html
    assert 'href="?q=nova&amp;people_page=1#people"' in html
    assert "<mark>Nova</mark> report</a>" in html  # the articles stay on their first page


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999999999999999"])
def test_bad_page_numbers_are_forgiven(client, world, value):
    assert "quiet love story" in page(client, f"/search/?q=review&articles_page={value}")


def test_every_page_has_the_search_box_and_the_nav_link(client, world):
    for url in ["/", "/news/", "/ko/"]:
        html = page(client, url)
        expected = "/ko/search/" if url.startswith("/ko/") else "/search/"
        assert f'<form class="search-box" role="search" method="get" action="{expected}">' in html
        assert f'<a href="{expected}"' in html


def search_reads(client, url) -> list[str]:
    """The statements of one render of `url` that read the search index or what it found."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries if "search_" in query["sql"] or "news_" in query["sql"]]


@pytest.mark.django_db(transaction=True)  # a change of content is counted when it commits
def test_what_a_search_found_is_kept_per_address_and_language_until_content_changes(client):
    f.article(title="Nova report", slug="nova-report")
    for n in range(10):
        f.article(title=f"Nova report {n}", slug=f"nova-report-{n}")
    assert "/news/nova-report/" in page(client, "/search/?q=nova")
    assert search_reads(client, "/search/?q=nova") == []  # drawn once for this address
    # A search has no `page` (each kind has its own): the same part, and its links leave it out.
    assert search_reads(client, "/search/?q=nova&page=3") == []
    assert search_reads(client, "/search/?q=nova&articles_page=2")  # another address searches again
    assert search_reads(client, "/ko/search/?q=nova")  # and so does another language
    f.article(title="Nova again", slug="nova-again", publish_at=timezone.now())  # the newest: on page 1
    # Drawn first for an address with `page`: the part the others share has no `page` in its links.
    pager = soup(client.get("/search/?q=nova&page=3")).select_one("#articles .pagination a[rel=next]")
    assert pager["href"] == "?q=nova&articles_page=2#articles"
    html = page(client, "/search/?q=nova")
    assert "/news/nova-again/" in html and "/news/nova-report/" in html  # a change of content: searched again


@pytest.mark.django_db(transaction=True)  # a change of the catalog is counted when it commits
def test_the_name_an_article_was_found_through_is_read_once_per_change_of_the_catalog(client):
    """Which name an article was found through is kept per catalog entry: another search that names
    the same character reads no character, and once she is renamed, the new name shows at once."""
    character = f.character(f.film(name="Starlight"), name="Nan-young", name_ko="난영")
    f.article(title="A concert in Seoul", slug="a-concert", body="<p>난영 sings.</p>")  # her name in Hangul

    def mentions(url) -> tuple[list[str], bool]:
        """What the hits say they mention, and whether a character was read to say it."""
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        read = any('"catalog_character"' in query["sql"] for query in context.captured_queries)
        return [tag.get_text() for tag in soup(response).select(".search-hit__also")], read

    assert mentions("/search/?q=nan+young") == (["Mentions Nan-young"], True)
    assert mentions("/search/?q=nan+young&articles_page=1") == (["Mentions Nan-young"], False)
    character.name = "Nan-youngi"
    character.save()
    assert mentions("/search/?q=nan+young") == (["Mentions Nan-youngi"], True)


@pytest.mark.django_db(transaction=True)  # a change of content is counted when it commits
def test_the_article_filters_are_drawn_once_for_each_set_of_filters_and_language(client):
    """Every search asking for the same filters shares their drawn fields until the content changes:
    a new search draws none of them; other filters, another language or a change draws them again."""
    music = f.topic(name="Music", slug="music")
    f.article(title="Nova song", slug="nova-song", topics=[music])
    f.article(title="Star song", slug="star-song", topics=[music])

    def filters(url) -> tuple[bool, str]:
        """Whether this render drew the filter fields, and the fields it shows."""
        response = client.get(url)
        assert response.status_code == 200
        drawn = "includes/filter_fields.html" in [template.name for template in response.templates]
        form = soup(response).select_one("#articles form.filters")
        return drawn, "".join(str(field) for field in form.select(".field, .form-errors"))

    drawn, fields = filters("/search/?q=nova&topic=music")
    assert drawn and 'selected="" value="music"' in fields
    assert filters("/search/?q=star&topic=music") == (False, fields)  # another search, the same filters
    drawn, unknown = filters("/search/?q=star&topic=nope")
    assert drawn and "not understood" in unknown
    assert filters("/search/?q=nova&topic=nope") == (False, unknown)
    assert filters("/ko/search/?q=star&topic=music")[0]  # another language
    f.article(title="Nova review", slug="nova-review", topics=[f.topic(name="Reviews", slug="reviews")])
    drawn, fields = filters("/search/?q=star&topic=music")
    assert drawn and "Reviews" in fields  # a change of content: the menu offers the new topic


def test_a_search_without_filters_makes_none_once_their_fields_are_drawn(client, world, monkeypatch):
    """Making the article filters (a form, its fields and their choices) only says that none is active
    when the address gives none a value: it is skipped, and done when one is given."""
    assert "/news/review/" in page(client, "/search/?q=review")  # the filters' fields are drawn, and kept
    made = []
    make = ArticleResultFilter.__init__
    monkeypatch.setattr(
        ArticleResultFilter, "__init__", lambda *args, **kwargs: made.append(1) or make(*args, **kwargs)
    )
    assert "/news/review/" in page(client, "/search/?q=review&articles_page=1")  # searched again
    assert made == []
    assert "/news/review/" not in page(client, "/search/?q=review&year=1999")
    assert made


def test_query_count_does_not_grow_with_results(client, world):
    f.person(name="Nova Singer", slug="nova", bio="Sings.")
    f.article(title="Nova report", slug="nova-report", topics=[world.music])
    one = render_queries(client, "/search/?q=nova")
    for n in range(25):
        f.person(name=f"Nova Singer {n:02}", slug=f"nova-{n}", bio="Sings.")
        f.article(title=f"Nova report {n}", slug=f"nova-report-{n}", topics=[world.music])
        f.article(title=f"Other report {n}", slug=f"other-report-{n}", body="<p>Nova again.</p>")
    many = render_queries(client, "/search/?q=nova")
    # PostgreSQL adds a few statements of its own per search (transaction, planner settings).
    assert many <= one <= 14
    assert render_queries(client, "/search/?q=nova&articles_page=3&people_page=2&topic=music&year=2026") <= 16
    assert render_queries(client, "/search/?q=nova&people_page=99") <= 16  # past the end: the last page
    assert render_queries(client, "/search/?q=hong+kyoung") <= 18  # corrected: the search runs twice
    assert render_queries(client, "/search/?q=bon+voyaeg") <= 18
    assert render_queries(client, "/search/?q=starlght") <= 20  # corrected word by word: 3 more statements
    assert render_queries(client, "/search/?q=%25%25") == 0
