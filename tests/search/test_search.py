"""What search finds and in what order: spellings and scripts, ranking, visibility, misspellings.

These run unchanged on SQLite (FTS5) and on PostgreSQL (tsvector + pg_trgm): both must give the
same results on the test world.
"""

import datetime as dt

import pytest
from django.utils import timezone

from news.models import Article
from search.models import Kind

from .helpers import find, found

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["few", "many"])
def both_paths(request, monkeypatch):
    """Article results are ordered in Python up to a thousand, by the database beyond: run the test
    both ways."""
    from search import selectors

    if request.param == "many":
        monkeypatch.setattr(selectors, "ORDER_HERE", 0)


@pytest.mark.parametrize("spelling", ["김태리", "Kim Tai-ri", "kim tae ri", "KIM TAE-RI", "Kim Taeri", "kim", "태리"])
def test_every_spelling_and_script_finds_the_person(world, spelling):
    assert world.kim in found(spelling, Kind.PERSON)


def test_hangul_is_found_inside_words(world):
    """Korean attaches particles: 김태리는, 홍경이. Two- and three-syllable queries both find them."""
    assert world.articles.korean in found("김태리", Kind.ARTICLE)
    assert world.articles.korean in found("홍경", Kind.ARTICLE)
    assert world.articles.korean in found("태리", Kind.ARTICLE)  # the given name alone, inside 김태리는
    assert found("김태리는", Kind.PERSON) == []  # the particle is not part of her name


def test_songs_films_and_characters_by_name(world):
    assert found("bon voyage", Kind.SONG) == [world.song]
    assert found("봉 보야주", Kind.SONG) == [world.song]
    assert found("이 별에 필요한", Kind.FILM) == [world.film]
    assert found("별", Kind.FILM) == [world.film]
    assert found("Nan-young", Kind.FILM) == [world.film]  # a character of the film
    assert set(found("난영", Kind.PERSON)) == {world.kim, world.maitreyi}  # who voice her, in Korean and English


class TestMentions:
    """An article is also found by every spelling of the catalog entries it mentions."""

    def test_a_name_in_any_script_finds_every_article_that_mentions_it(self, world, both_paths):
        a = world.articles
        # The Korean article has her in its title; the English review names her in its text.
        assert found("김태리", Kind.ARTICLE) == [a.korean, a.review]
        assert found("kim tae ri", Kind.ARTICLE) == [a.korean, a.review]  # both by text, newest first
        assert found("Kim Tai-ri", Kind.ARTICLE) == [a.korean, a.review]  # an alias no article uses
        assert found("홍경", Kind.ARTICLE) == [a.korean]
        assert found("hong kyung", Kind.ARTICLE) == [a.korean]

    def test_characters_songs_and_films_lend_their_names_too(self, world, both_paths):
        a = world.articles
        assert found("nan young", Kind.ARTICLE) == [a.korean, a.review]  # the character
        assert found("난영", Kind.ARTICLE) == [a.korean, a.review]
        assert found("봉 보야주", Kind.ARTICLE) == [a.teaser]  # the song's Korean title
        assert found("이 별에 필요한", Kind.ARTICLE) == [a.teaser]  # the film's

    def test_title_matches_still_come_first(self, world, both_paths):
        from tests import factories as f

        titled = f.article(title="Hong Kyung on music", slug="hong-on-music", publish_at=f.days_ago(30))
        # By Latin name, its title matches: first, though older. In Hangul, both match by text: newest first.
        assert found("hong kyung", Kind.ARTICLE) == [titled, world.articles.korean]
        assert found("홍경", Kind.ARTICLE) == [world.articles.korean, titled]

    def test_a_person_page_and_her_articles_come_together(self, world):
        results = find("김태리")
        groups = {group.kind: [hit.object for hit in group.hits] for group in results.groups}
        assert groups[Kind.PERSON] == [world.kim]
        assert groups[Kind.ARTICLE] == [world.articles.korean, world.articles.review]


def test_article_words_in_title_body_and_topics(world, both_paths):
    a = world.articles
    assert found("quiet stars", Kind.ARTICLE) == [a.review]
    assert found("animators", Kind.ARTICLE) == [a.review, a.old_review]
    assert found("리뷰", Kind.ARTICLE) == [a.review]  # the Korean name of its topic
    assert set(found("music", Kind.ARTICLE)) == {a.teaser, a.beyonce}  # topic “Music”


def test_accents_and_case_do_not_matter(world):
    assert found("beyonce", Kind.ARTICLE) == [world.articles.beyonce]
    assert found("BEYONCÉ", Kind.ARTICLE) == [world.articles.beyonce]


def test_a_single_letter_is_a_whole_word(world):
    """“V” is V, not every word starting with v (Vince, voyage, voice…)."""
    assert found("V", Kind.PERSON) == [world.v]


def test_two_letters_are_a_whole_word_too(world):
    from tests import factories as f

    f.person(name="Rin Okada", slug="rin-okada")
    assert found("ri", Kind.PERSON) == [world.kim]  # Tae-ri, not Rin


def test_prefixes_match(world):
    assert found("vin", Kind.PERSON) == [world.vince]
    assert world.articles.review in found("anim", Kind.ARTICLE)


def test_every_word_must_match_in_the_names_or_the_text(world):
    assert found("kim handmaiden", Kind.PERSON) == [world.kim]  # her name, and her biography
    assert found("hong handmaiden", Kind.PERSON) == []


def test_title_matches_rank_above_body_matches_then_newest_first(world, both_paths):
    a = world.articles
    # “review” is in the titles of `review` (10 days old); in the bodies of `teaser` (1 day) and `old_review`.
    assert found("review", Kind.ARTICLE) == [a.review, a.teaser, a.old_review]


def test_a_name_equal_to_the_query_ranks_first(world):
    from tests import factories as f

    f.person(name="Kim Tae-hee", slug="kim-tae-hee")
    choir = f.person(name="Kim Taeri Fan Choir", slug="choir", bio="Not her.")
    assert found("kim taeri", Kind.PERSON) == [world.kim, choir]  # “Kim Taeri” is exactly one of her spellings


def test_name_matches_rank_above_text_matches(world):
    from tests import factories as f

    fan = f.person(name="Alex Fan", slug="alex-fan", bio="Hong Kyung, Hong Kyung: writes about Hong every week.")
    assert found("hong", Kind.PERSON) == [world.hong, fan]


def test_a_name_its_pages_show_beats_an_alias_that_starts_alike(world):
    """V is also spelled Kim Taehyung; “kim” is Kim Tae-ri's own name, so she comes first."""
    world.v.aliases = "Kim Taehyung"
    world.v.save()
    assert found("kim", Kind.PERSON) == [world.kim, world.v]
    assert found("kim taehyung", Kind.PERSON) == [world.v]


def test_a_name_starting_with_the_whole_word_beats_a_longer_word(world):
    """“bon” is the first word of Bon Voyage, and only the start of Bong: the song's kind leads."""
    assert [group.kind for group in find("bon").groups if group.count][:2] == ["song", "person"]


def test_hyphens_spaces_and_joined_spellings_find_the_same(world):
    from tests import factories as f

    f.article(title="Director's notes", slug="notes", body="<p>Han Ji-won drew the first storyboards.</p>")
    f.article(title="Festival talk", slug="talk", body="<p>A talk with Han Ji-won about Seoul.</p>")
    joined, hyphenated = find("han jiwon"), find("han ji-won")
    assert joined.total == hyphenated.total == 3  # the director and the two articles
    assert found("han jiwon", Kind.ARTICLE) == found("han ji-won", Kind.ARTICLE)
    hit = joined.group(Kind.ARTICLE).hits[0]
    assert "<mark>Han Ji-won</mark>" in hit.snippet  # marked as written, across the hyphen


def test_results_come_grouped_by_kind_the_best_match_first(world):
    """Kinds that match alike keep a fixed order; a kind whose hit is named by the query leads."""
    results = find("starlight")
    assert [group.kind for group in results.groups] == ["film", "person", "song", "article"]
    assert results.groups[0].count == 1
    singer = find("bon voyage")  # the song is named so; its singer's biography only mentions it
    assert [group.kind for group in singer.groups if group.count][:2] == ["song", "person"]


class TestOnlyPublished:
    @pytest.mark.parametrize("word", ["zanzibarite", "quokkalicious", "숨은사람", "Zanzibarite Theme"])
    def test_unpublished_rows_are_never_found_nor_counted(self, world, word):
        results = find(word)
        assert results.total == 0
        assert all(group.count == 0 and not group.hits for group in results.groups)
        assert results.suggestion == "" and not results.corrected

    def test_a_song_of_an_unpublished_film_is_hidden(self, world):
        assert found("theme", Kind.SONG) == []

    def test_unpublished_words_do_not_add_to_counts(self, world):
        """The scheduled article also names Kim Tae-ri; only the published ones are counted (the
        review names her in Latin letters, the newer Korean article in Hangul)."""
        group = next(g for g in find("kim tae ri").groups if g.kind == Kind.ARTICLE)
        assert group.count == 2 and [hit.object for hit in group.hits] == [world.articles.korean, world.articles.review]

    def test_an_unpublished_entry_lends_no_names_to_the_articles_that_mention_it(self, world):
        from news.models import Mention

        Mention.objects.create(article=world.articles.old_review, person=world.hidden.draft_person)
        assert find("숨은사람").total == 0
        assert find("Hidden Zanzibarite").total == 0

    def test_scheduled_rows_appear_when_their_time_comes_without_reindexing(self, world, monkeypatch):
        later = timezone.now() + dt.timedelta(days=4)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert found("quokkalicious", Kind.ARTICLE) == [world.hidden.scheduled_article]
        assert found("quokkalicious", Kind.PERSON) == [world.hidden.scheduled_person]

    def test_misspellings_are_never_corrected_to_an_unpublished_name(self, world):
        results = find("Hiden Zanzibarit")
        assert results.total == 0 and results.suggestion == "" and not results.corrected


class TestMisspellings:
    def test_a_misspelt_name_that_finds_nothing_is_searched_as_the_closest_name(self, world):
        results = find("kim tea ri")
        assert results.corrected
        assert results.asked.raw == "kim tea ri" and results.query.raw == "Kim Tae-ri"
        assert found("kim tea ri", Kind.PERSON) == [world.kim]

    @pytest.mark.parametrize(
        ("typed", "meant"), [("Hong Kyoung", "Hong Kyung"), ("Lost in Starlihgt", "Lost in Starlight")]
    )
    def test_other_misspellings(self, world, typed, meant):
        assert find(typed).query.raw == meant

    def test_a_misspelling_that_only_matches_text_gets_a_suggestion(self, world):
        """An article repeats the typo, so the query finds it; the name is offered as “did you mean”."""
        from tests import factories as f

        f.article(title="Bon appetit", slug="bon-appetit", body="<p>Bon voyaeg and more.</p>")
        results = find("bon voyaeg")
        assert not results.corrected
        assert results.suggestion == "Bon Voyage"

    def test_no_suggestion_when_something_matches_by_name(self, world):
        assert find("kim").suggestion == ""

    @pytest.mark.parametrize(
        ("typed", "meant"),
        [
            ("starlght", "Starlight"),
            ("Lost in Starlite", "Lost in Starlight"),
            ("voyge", "Voyage"),
            ("bon voyge", "Bon Voyage"),
            ("ramakrishan", "Ramakrishnan"),
            ("maitreyi ramakrishan", "Maitreyi Ramakrishnan"),
        ],
    )
    def test_one_misspelt_word_is_corrected(self, world, typed, meant):
        results = find(typed)
        assert results.corrected and results.query.raw == meant
        assert results.total

    def test_only_the_words_nothing_contains_are_corrected(self, world):
        """“teaser” is in an article, not in any name: it stays as typed."""
        results = find("teaser starlght")
        assert results.query.raw == "teaser Starlight"
        assert found("teaser starlght", Kind.ARTICLE) == [world.articles.teaser]

    def test_the_words_typed_right_take_the_name_s_own_case(self, world):
        """Only “justn” is misspelt, but “min” is shown as the name writes it."""
        from tests import factories as f

        f.person(name="Justin H. Min", slug="justin-h-min", bio="Voices Jay in the English dub.")
        results = find("justn min dub")
        assert results.corrected and results.query.raw == "Justin Min dub"

    def test_a_correction_that_finds_nothing_is_not_made(self, world):
        results = find("starlght aardvark")
        assert not results.corrected and results.total == 0

    def test_words_of_unpublished_names_are_never_offered(self, world):
        """Only the draft person, the draft film and its song have “Zanzibarite” in their names."""
        for typed in ("zanzibarit", "zanzibarrite", "Hidden zanzibarit"):
            results = find(typed)
            assert results.total == 0 and not results.corrected and results.suggestion == ""

    def test_nothing_close_means_nothing(self, world):
        results = find("qwxzv")
        assert results.total == 0 and not results.corrected and results.suggestion == ""


class TestArticleFilters:
    def test_topic_source_and_year_narrow_the_article_results_only(self, world, both_paths):
        a = world.articles
        assert found("review", Kind.ARTICLE, articles=Article.objects.filter(topics=world.reviews)) == [a.review]
        assert found("review", Kind.ARTICLE, articles=Article.objects.filter(source=world.notes)) == [a.old_review]
        only_2024 = Article.objects.filter(publish_at__year=2024)
        assert found("music", Kind.ARTICLE, articles=only_2024) == [a.beyonce]
        groups = {group.kind: group.count for group in find("bon voyage", articles=only_2024).groups}
        assert groups == {Kind.FILM: 0, Kind.PERSON: 1, Kind.SONG: 1, Kind.ARTICLE: 0}  # the teaser is from now

    def test_a_year_narrows_by_the_dates_the_index_holds(self, world, both_paths):
        a = world.articles
        year_2024 = (dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
        assert found("music", Kind.ARTICLE, dated=year_2024) == [a.beyonce]
        groups = {group.kind: group.count for group in find("bon voyage", dated=year_2024).groups}
        assert groups == {Kind.FILM: 0, Kind.PERSON: 1, Kind.SONG: 1, Kind.ARTICLE: 0}
        music = Article.objects.filter(topics__name="Music")
        assert found("music", Kind.ARTICLE, articles=music, dated=year_2024) == [a.beyonce]
        assert found("music", Kind.ARTICLE, articles=music) == found("music", Kind.ARTICLE)
        year_2025 = (dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        assert found("music", Kind.ARTICLE, dated=year_2025) == [a.teaser]  # its own date, not when it went live


class TestPaging:
    def test_each_kind_pages_on_its_own(self, world, both_paths):
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
        listed = [h.object for g in (first, second, third) for h in g.group(Kind.PERSON).hits]
        assert sorted(listed, key=lambda p: p.pk) == people  # every one once, none twice

    def test_a_word_in_a_great_many_articles_is_ranked_from_the_last_indexed(self, world, monkeypatch):
        """Beyond the cap, SQLite orders by date only the matches indexed last (CANDIDATES of them, read
        newest first from the full-text index), never every match of a word found in every article."""
        from django.db import connection

        from search import selectors
        from search.backends import sqlite
        from tests import factories as f

        monkeypatch.setattr(selectors, "ORDER_HERE", 0)
        if connection.vendor != "sqlite":
            pytest.skip("PostgreSQL walks its date index instead")
        monkeypatch.setattr(sqlite, "CANDIDATES", 3)
        # Indexed in this order, each dated a day before the one indexed before it: the oldest come last.
        texts = [
            f.article(title=f"Other {n}", slug=f"other-{n}", body="<p>A zebra.</p>", publish_at=f.days_ago(n))
            for n in range(5)
        ]
        assert found("zebra", Kind.ARTICLE) == [texts[2], texts[3], texts[4]]
        assert find("zebra").group(Kind.ARTICLE).count == 5  # counted as before

    def test_article_pages_run_through_title_matches_then_text_matches(self, world, both_paths):
        from tests import factories as f

        titled = [f.article(title=f"Zebra news {n}", slug=f"zebra-{n}", publish_at=f.days_ago(n)) for n in range(3)]
        texts = [
            f.article(title=f"Other {n}", slug=f"other-{n}", body="<p>A zebra.</p>", publish_at=f.days_ago(n))
            for n in range(3)
        ]
        pages = [found("zebra", Kind.ARTICLE, pages={"articles_page": str(n)}, per_page=2) for n in (1, 2, 3)]
        assert [a for page in pages for a in page] == titled + texts  # each tier newest first

    @pytest.mark.parametrize("page", ["0", "-3", "abc", "999999999999999999999", "", None])
    def test_bad_page_numbers_give_a_real_page(self, world, page):
        group = find("review", pages={"articles_page": page}).group(Kind.ARTICLE)
        assert group.hits

    def test_counts_stop_at_the_cap(self, world, monkeypatch, both_paths):
        from search import selectors
        from tests import factories as f

        monkeypatch.setattr(selectors, "COUNT_CAP", 4)
        for n in range(6):
            f.article(title=f"Capped {n}", slug=f"capped-{n}")
        group = find("capped", per_page=2).group(Kind.ARTICLE)
        assert group.capped and group.count == 5
        assert group.page.paginator.num_pages == 2

    def test_drafts_and_scheduled_articles_are_not_counted(self, world, monkeypatch, both_paths):
        from search import selectors
        from tests import factories as f

        monkeypatch.setattr(selectors, "COUNT_CAP", 4)
        for n in range(3):
            f.article(title=f"Counted {n}", slug=f"counted-{n}")
        f.draft(f.article, title="Counted draft", slug="counted-draft")
        f.scheduled(f.article, title="Counted later", slug="counted-later")
        group = find("counted").group(Kind.ARTICLE)
        assert not group.capped and group.count == 3

    @pytest.mark.parametrize("cap", [100, 4, 2])
    def test_the_count_says_how_many_of_those_counted_match_by_title(self, world, cap):
        """(count, title matches among them): the count stops at the cap, and the title matches are
        those of the articles counted, published ones only. A draft and a scheduled article that
        match by title come first in the index, among the rows the count reads."""
        from django.db import connection

        from search.backends import get_backend
        from search.query import parse_query
        from tests import factories as f

        f.draft(f.article, title="Quokka draft", slug="quokka-draft")
        f.scheduled(f.article, title="Quokka later", slug="quokka-later")
        for n in range(3):
            f.article(title=f"Quokka sighting {n}", slug=f"quokka-title-{n}")
            f.article(title=f"Marsupials {n}", slug=f"quokka-text-{n}", body="<p>A quokka smiled.</p>")
        backend, terms = get_backend(), parse_query("quokka").terms
        compiled = backend.named_matches(terms, None)[:cap].query.sql_with_params
        count, titled = backend.count_articles(terms, None, cap, compiled)
        assert count == min(cap, 6)
        if cap > 6:
            assert titled == 3
        elif connection.vendor == "sqlite":  # the index is read in rowid order: title, text, title, …
            assert titled == cap // 2
        else:  # which ones PostgreSQL counts first is its plan's choice
            assert count - 3 <= titled <= min(count, 3)
