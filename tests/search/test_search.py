"""What search finds and in what order: spellings and scripts, ranking, visibility, misspellings.

These run unchanged on SQLite (FTS5) and on PostgreSQL (tsvector + pg_trgm): both must give the
same results on this corpus.
"""

import datetime as dt

import pytest
from django.utils import timezone

from news.models import Article
from search.models import Kind

from .conftest import days_ago, find, found

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["few", "many"])
def both_paths(request, monkeypatch):
    """Article results are ordered in Python up to a thousand, by the database beyond: run the test
    both ways."""
    from search import selectors

    if request.param == "many":
        monkeypatch.setattr(selectors, "ORDER_HERE", 0)


@pytest.mark.parametrize("spelling", ["김태리", "Kim Tai-ri", "kim tae ri", "KIM TAE-RI", "Kim Taeri", "kim", "태리"])
def test_every_spelling_and_script_finds_the_person(corpus, spelling):
    assert corpus.kim in found(spelling, Kind.PERSON)


def test_hangul_is_found_inside_words(corpus):
    """Korean attaches particles: 김태리는, 홍경이. Two- and three-syllable queries both find them."""
    assert corpus.articles.korean in found("김태리", Kind.ARTICLE)
    assert corpus.articles.korean in found("홍경", Kind.ARTICLE)
    assert corpus.articles.korean in found("태리", Kind.ARTICLE)  # the given name alone, inside 김태리는
    assert found("김태리는", Kind.PERSON) == []  # the particle is not part of her name


def test_songs_films_and_characters_by_name(corpus):
    assert found("bon voyage", Kind.SONG) == [corpus.song]
    assert found("봉 보야주", Kind.SONG) == [corpus.song]
    assert found("이 별에 필요한", Kind.FILM) == [corpus.film]
    assert found("별", Kind.FILM) == [corpus.film]
    assert found("Nan-young", Kind.FILM) == [corpus.film]  # a character of the film
    assert found("난영", Kind.PERSON) == [corpus.kim]  # who voices her


def test_article_words_in_title_body_and_topics(corpus, both_paths):
    a = corpus.articles
    assert found("quiet stars", Kind.ARTICLE) == [a.review]
    assert found("animators", Kind.ARTICLE) == [a.review, a.old_review]
    assert found("리뷰", Kind.ARTICLE) == [a.review]  # the Korean name of its topic
    assert set(found("music", Kind.ARTICLE)) == {a.teaser, a.beyonce}  # topic “Music”


def test_accents_and_case_do_not_matter(corpus):
    assert found("beyonce", Kind.ARTICLE) == [corpus.articles.beyonce]
    assert found("BEYONCÉ", Kind.ARTICLE) == [corpus.articles.beyonce]


def test_a_single_letter_is_a_whole_word(corpus):
    """“V” is V, not every word starting with v (Vince, voyage, voice…)."""
    assert found("V", Kind.PERSON) == [corpus.v]


def test_two_letters_are_a_whole_word_too(corpus):
    from tests import factories as f

    f.person(name="Rin Okada", slug="rin-okada")
    assert found("ri", Kind.PERSON) == [corpus.kim]  # Tae-ri, not Rin


def test_prefixes_match(corpus):
    assert found("vin", Kind.PERSON) == [corpus.vince]
    assert corpus.articles.review in found("anim", Kind.ARTICLE)


def test_every_word_must_match_in_the_names_or_the_text(corpus):
    assert found("kim handmaiden", Kind.PERSON) == [corpus.kim]  # her name, and her biography
    assert found("hong handmaiden", Kind.PERSON) == []


def test_title_matches_rank_above_body_matches_then_newest_first(corpus, both_paths):
    a = corpus.articles
    # “review” is in the titles of `review` (10 days old); in the bodies of `teaser` (1 day) and `old_review`.
    assert found("review", Kind.ARTICLE) == [a.review, a.teaser, a.old_review]


def test_a_name_equal_to_the_query_ranks_first(corpus):
    from tests import factories as f

    f.person(name="Kim Tae-hee", slug="kim-tae-hee")
    choir = f.person(name="Kim Taeri Fan Choir", slug="choir", bio="Not her.")
    assert found("kim taeri", Kind.PERSON) == [corpus.kim, choir]  # “Kim Taeri” is exactly one of her spellings


def test_name_matches_rank_above_text_matches(corpus):
    from tests import factories as f

    fan = f.person(name="Alex Fan", slug="alex-fan", bio="Hong Kyung, Hong Kyung: writes about Hong every week.")
    assert found("hong", Kind.PERSON) == [corpus.hong, fan]


def test_results_come_grouped_by_kind_in_a_fixed_order(corpus):
    results = find("starlight")
    assert [group.kind for group in results.groups] == ["film", "person", "song", "article"]
    assert results.groups[0].count == 1


class TestOnlyPublished:
    @pytest.mark.parametrize("word", ["zanzibarite", "quokkalicious", "숨은사람", "Zanzibarite Theme"])
    def test_unpublished_rows_are_never_found_nor_counted(self, corpus, word):
        results = find(word)
        assert results.total == 0
        assert all(group.count == 0 and not group.hits for group in results.groups)
        assert results.suggestion == "" and not results.corrected

    def test_a_song_of_an_unpublished_film_is_hidden(self, corpus):
        assert found("theme", Kind.SONG) == []

    def test_unpublished_words_do_not_add_to_counts(self, corpus):
        """The scheduled article also names Kim Tae-ri; only the published one is counted."""
        group = next(g for g in find("kim tae ri").groups if g.kind == Kind.ARTICLE)
        assert group.count == 1 and [hit.object for hit in group.hits] == [corpus.articles.review]

    def test_scheduled_rows_appear_when_their_time_comes_without_reindexing(self, corpus, monkeypatch):
        later = timezone.now() + dt.timedelta(days=4)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert found("quokkalicious", Kind.ARTICLE) == [corpus.hidden.scheduled_article]
        assert found("quokkalicious", Kind.PERSON) == [corpus.hidden.scheduled_person]

    def test_misspellings_are_never_corrected_to_an_unpublished_name(self, corpus):
        results = find("Hiden Zanzibarit")
        assert results.total == 0 and results.suggestion == "" and not results.corrected


class TestMisspellings:
    def test_a_misspelt_name_that_finds_nothing_is_searched_as_the_closest_name(self, corpus):
        results = find("kim tea ri")
        assert results.corrected
        assert results.asked.raw == "kim tea ri" and results.query.raw == "Kim Tae-ri"
        assert found("kim tea ri", Kind.PERSON) == [corpus.kim]

    @pytest.mark.parametrize(
        ("typed", "meant"), [("Hong Kyoung", "Hong Kyung"), ("Lost in Starlihgt", "Lost in Starlight")]
    )
    def test_other_misspellings(self, corpus, typed, meant):
        assert find(typed).query.raw == meant

    def test_a_misspelling_that_only_matches_text_gets_a_suggestion(self, corpus):
        """An article repeats the typo, so the query finds it; the name is offered as “did you mean”."""
        from tests import factories as f

        f.article(title="Bon appetit", slug="bon-appetit", body="<p>Bon voyaeg and more.</p>")
        results = find("bon voyaeg")
        assert not results.corrected
        assert results.suggestion == "Bon Voyage"

    def test_no_suggestion_when_something_matches_by_name(self, corpus):
        assert find("kim").suggestion == ""

    def test_nothing_close_means_nothing(self, corpus):
        results = find("qwxzv")
        assert results.total == 0 and not results.corrected and results.suggestion == ""


class TestArticleFilters:
    def test_topic_source_and_year_narrow_the_article_results_only(self, corpus, both_paths):
        a = corpus.articles
        assert found("review", Kind.ARTICLE, articles=Article.objects.filter(topics=corpus.reviews)) == [a.review]
        assert found("review", Kind.ARTICLE, articles=Article.objects.filter(source=corpus.notes)) == [a.old_review]
        only_2024 = Article.objects.filter(publish_at__year=2024)
        assert found("music", Kind.ARTICLE, articles=only_2024) == [a.beyonce]
        groups = {group.kind: group.count for group in find("bon voyage", articles=only_2024).groups}
        assert groups == {Kind.FILM: 0, Kind.PERSON: 1, Kind.SONG: 1, Kind.ARTICLE: 0}  # the teaser is from now


class TestPaging:
    def test_each_kind_pages_on_its_own(self, corpus, both_paths):
        from tests import factories as f

        people = [f.person(name=f"Nova Singer {n:02}", slug=f"nova-{n}") for n in range(12)]
        for n in range(3):
            f.article(title=f"Nova report {n}", slug=f"nova-report-{n}")
        first = find("nova", per_page=5)
        second = find("nova", pages={"people_page": "2", "articles_page": "1"}, per_page=5)
        third = find("nova", pages={"people_page": "3"}, per_page=5)
        group = {g.kind: g for g in second.groups}
        assert group[Kind.PERSON].count == 12 and group[Kind.PERSON].page.number == 2
        assert len(group[Kind.ARTICLE].hits) == 3
        listed = [h.object for g in (first, second, third) for h in g.groups[1].hits]
        assert sorted(listed, key=lambda p: p.pk) == people  # every one once, none twice

    def test_article_pages_run_through_title_matches_then_text_matches(self, corpus, both_paths):
        from tests import factories as f

        titled = [f.article(title=f"Zebra news {n}", slug=f"zebra-{n}", publish_at=days_ago(n)) for n in range(3)]
        texts = [
            f.article(title=f"Other {n}", slug=f"other-{n}", body="<p>A zebra.</p>", publish_at=days_ago(n))
            for n in range(3)
        ]
        pages = [found("zebra", Kind.ARTICLE, pages={"articles_page": str(n)}, per_page=2) for n in (1, 2, 3)]
        assert [a for page in pages for a in page] == titled + texts  # each tier newest first

    @pytest.mark.parametrize("page", ["0", "-3", "abc", "999999999999999999999", "", None])
    def test_bad_page_numbers_give_a_real_page(self, corpus, page):
        group = find("review", pages={"articles_page": page}).groups[3]
        assert group.hits

    def test_counts_stop_at_the_cap(self, corpus, monkeypatch, both_paths):
        from search import selectors
        from tests import factories as f

        monkeypatch.setattr(selectors, "COUNT_CAP", 4)
        for n in range(6):
            f.article(title=f"Capped {n}", slug=f"capped-{n}")
        group = find("capped", per_page=2).groups[3]
        assert group.capped and group.count == 5
        assert group.page.paginator.num_pages == 2
