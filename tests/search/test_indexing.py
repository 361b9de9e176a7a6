"""The index stays current: after edits, deletes, imports, topic and catalog changes, and a rebuild."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Film, Person, Song
from editorial.publishing import Status
from news.importer.reports import ImportOptions
from news.importer.runs import import_many
from news.importer.saving import import_data
from news.models import Article
from search.models import Kind, SearchEntry, SearchName
from tests import factories as f

from .helpers import find, found

pytestmark = pytest.mark.django_db


def test_an_edit_replaces_the_old_words(world):
    article = world.articles.review
    article.title = "A marsupial parade"
    article.save()
    assert found("marsupial", Kind.ARTICLE) == [article]
    assert article not in found("quiet stars", Kind.ARTICLE)


def test_a_delete_removes_the_entry(world):
    world.articles.review.delete()
    world.hong.delete()
    assert found("quiet stars", Kind.ARTICLE) == []
    assert found("hong kyung", Kind.PERSON) == []
    assert not SearchEntry.objects.filter(kind=Kind.PERSON, object_id=world.hong.pk).exists()
    assert not SearchName.objects.filter(name="hong kyung").exists()


def test_publishing_and_unpublishing_show_and_hide(world):
    draft = world.hidden.draft_article
    draft.status = Status.PUBLISHED
    draft.save()
    assert found("zanzibarite", Kind.ARTICLE) == [draft]
    world.kim.status = Status.DRAFT
    world.kim.save()
    assert found("kim tae ri", Kind.PERSON) == []


@pytest.mark.parametrize("bulk", [False, True], ids=["one-file", "bulk"])
def test_an_imported_article_is_found_at_once(world, bulk, settings):
    """Both ways the importer saves: a file at a time (signals), and new articles in bulk (`index_new`)."""
    settings.IMPORT_WORKERS = 0
    values = {"title": "Imported wombat dispatch", "body": "<p>From a feed: 김태리는 웃었다.</p>"}
    data = json.dumps(values | {"topics": [world.reviews.name]}).encode()
    options = ImportOptions(publish=True)
    if bulk:
        import_many([("a.json", lambda: data)], options=options)
    else:
        import_data(name="a.json", data=data, options=options)
    article = Article.objects.get(title="Imported wombat dispatch")
    assert found("wombat", Kind.ARTICLE) == [article]
    assert article in found("김태리", Kind.ARTICLE)
    assert article in found("reviews wombat", Kind.ARTICLE)  # its topic's name is indexed with it
    assert article in found("kim tae ri", Kind.ARTICLE)  # the person it mentions, in her other spellings


class TestMentionedNames:
    """An article's entry holds the names of what it mentions, as they are now."""

    def test_a_mention_added_or_excluded_by_hand(self, world):
        from news.models import Mention

        article = world.articles.old_review
        mention = Mention.objects.create(article=article, person=world.hong)
        assert found("홍경", Kind.ARTICLE) == [world.articles.korean, article]
        mention.excluded = True
        mention.save()
        assert found("홍경", Kind.ARTICLE) == [world.articles.korean]

    def test_a_renamed_entry_renames_it_in_its_articles(self, world):
        world.kim.aliases = "Gim Tae-ri"
        world.kim.save()
        assert found("gim tae ri", Kind.ARTICLE) == [world.articles.korean, world.articles.review]
        assert find("kim tai ri").corrected  # nothing has the old alias any more
        # The Korean article writes 난영의, 난영을: under its new Hangul name, the character is no longer
        # mentioned there, and that article loses her names as the English one gains the new one.
        world.nan_young.name_ko = "난영이"
        world.nan_young.save()
        assert found("난영이", Kind.ARTICLE) == [world.articles.review]
        assert found("nan young", Kind.ARTICLE) == [world.articles.review]

    def test_a_new_entry_lends_its_names_to_the_articles_that_name_it(self, world):
        article = f.article(title="Dub news", slug="dub-news", body="<p>Justin H. Min voices Jay in English.</p>")
        assert found("저스틴", Kind.ARTICLE) == []
        f.person(name="Justin H. Min", name_ko="저스틴 H. 민", slug="justin-h-min")
        assert found("저스틴", Kind.ARTICLE) == [article]

    def test_hiding_or_deleting_an_entry_takes_its_names_away(self, world):
        world.hong.status = Status.DRAFT
        world.hong.save()
        assert found("hong kyung", Kind.ARTICLE) == []
        world.hong.status = Status.PUBLISHED
        world.hong.save()
        assert found("hong kyung", Kind.ARTICLE) == [world.articles.korean]
        world.hong.delete()
        assert found("hong kyung", Kind.ARTICLE) == []

    def test_a_hidden_film_takes_its_characters_and_songs_names_away(self, world):
        world.film.status = Status.DRAFT
        world.film.save()
        assert found("봉 보야주", Kind.ARTICLE) == []
        assert found("jay", Kind.ARTICLE) == []  # the Korean article calls him 제이
        world.film.status = Status.PUBLISHED
        world.film.save()
        assert found("봉 보야주", Kind.ARTICLE) == [world.articles.teaser]
        assert found("jay", Kind.ARTICLE) == [world.articles.korean]
        world.film.delete()
        assert found("jay", Kind.ARTICLE) == []


def test_topic_changes_reach_the_articles(world):
    article = world.articles.old_review
    article.topics.add(world.music)
    assert article in found("music", Kind.ARTICLE)
    world.music.name = "Soundtrack Capybara"
    world.music.save()
    assert article in found("capybara", Kind.ARTICLE)
    article.topics.clear()
    assert article not in found("capybara", Kind.ARTICLE)
    world.music.articles.clear()  # from the topic's side
    assert found("capybara", Kind.ARTICLE) == []


def test_deleting_a_topic_takes_its_name_out_of_articles(world):
    world.reviews.delete()
    assert found("리뷰", Kind.ARTICLE) == []


def test_catalog_changes_reach_their_entries(world):
    world.kim.aliases = "Kim Tai-ri\nGim Tae-ri"
    world.kim.save()
    assert found("gim tae ri", Kind.PERSON) == [world.kim]
    world.nan_young.name = "Nan-young Okapi"
    world.nan_young.save()
    assert found("okapi", Kind.FILM) == [world.film]
    assert set(found("okapi", Kind.PERSON)) == {world.kim, world.maitreyi}  # they voice that character
    world.nan_young.delete()
    assert found("okapi", Kind.PERSON) == []


def test_unpublishing_a_film_hides_its_songs(world):
    world.film.status = Status.DRAFT
    world.film.save()
    assert found("bon voyage", Kind.SONG) == []
    world.film.status = Status.PUBLISHED
    world.film.save()
    assert found("bon voyage", Kind.SONG) == [world.song]


def test_a_film_delete_takes_its_songs(world):
    world.film.delete()
    assert (
        not SearchEntry.objects.filter(kind__in=[Kind.FILM, Kind.SONG])
        .exclude(object_id__in=[world.hidden.draft_film.pk, world.hidden.orphan_song.pk])
        .exists()
    )


class TestRebuildCommand:
    def test_rebuild_restores_a_lost_index(self, world):
        SearchEntry.objects.all().delete()
        assert find("kim tae ri").total == 0
        out = StringIO()
        call_command("rebuild_search_index", stdout=out)
        assert world.kim in found("kim tae ri", Kind.PERSON)
        assert world.articles.korean in found("김태리", Kind.ARTICLE)
        people = Person.objects.count()  # the draft and scheduled ones too: visibility is checked when searching
        assert "Indexed" in out.getvalue() and f"{people} people" in out.getvalue()
        assert (
            SearchEntry.objects.count()
            == Article.objects.count() + people + Film.objects.count() + Song.objects.count()
        )

    def test_rebuild_gives_what_signals_gave(self, world):
        before = sorted(SearchEntry.objects.values_list("kind", "object_id", "names", "body", "status"))
        call_command("rebuild_search_index", stdout=StringIO())
        assert sorted(SearchEntry.objects.values_list("kind", "object_id", "names", "body", "status")) == before

    def test_one_kind(self, world):
        SearchEntry.objects.filter(kind=Kind.SONG).delete()
        call_command("rebuild_search_index", "--kind", "song", stdout=StringIO())
        assert found("bon voyage", Kind.SONG) == [world.song]

    def test_dry_run_writes_nothing(self, world):
        SearchEntry.objects.all().delete()
        out = StringIO()
        call_command("rebuild_search_index", "--dry-run", stdout=out)
        assert not SearchEntry.objects.exists()
        assert "Would index" in out.getvalue()

    def test_bad_kind_is_a_usage_error(self):
        with pytest.raises(CommandError):
            call_command("rebuild_search_index", "--kind", "planet", stdout=StringIO())


def test_bulk_writes_need_a_rebuild_and_get_one(db):
    """bulk_create sends no signals: the command is how such rows get indexed."""
    Article.objects.bulk_create([Article(title="Bulk narwhal", slug="bulk", body="<p>x</p>", fingerprint="x")])
    assert found("narwhal", Kind.ARTICLE) == []
    call_command("rebuild_search_index", stdout=StringIO())
    assert [a.slug for a in found("narwhal", Kind.ARTICLE)] == ["bulk"]


def test_a_person_without_any_name_words_is_still_indexed(db):
    person = f.person(name="???", slug="question-marks", bio="Mystery guest.")
    assert found("mystery", Kind.PERSON) == [person]
