"""The visibility walk: after every kind of edit, every public page, feed, sitemap and search, in
English and Korean, answers through the page cache exactly what a fresh render answers.

Every address is visited twice first, so the cache holds each page; then one edit is made, as an
editor, an import or the clock makes it; then each address is asked through the cache, and again
with every cache emptied. The two must be the same page. An edit that left a page cached that
shows what it changed fails here; so would a tag the pages do not carry.
"""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from caching.changes import mark_changed
from catalog.models import Credit, Person
from editorial.publishing import Status
from news import duplicates
from news.models import Article, Mention
from news.writing import write_derived
from starlight.page_cache import forget_pages
from tests import factories as f
from tests.clock import travel
from tests.visitors import Visitor

# Committed for real: a change is counted when its transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


# Public answers a cached copy is compared with, less what differs between two renders of one page.
SEARCHES = ("kim", "review", "bon voyage", "quokkalicious", "zanzibarite", "seoul")


def addresses(world) -> list[str]:
    """Every public address of the world fixture, in both languages: the sitemaps' pages, the lists
    and their filters, feeds, sitemaps and searches."""
    urls = []
    for language in ("en", "ko"):
        with translation.override(language):
            urls += [
                reverse("home"),
                reverse("catalog:film-list"),
                reverse("catalog:person-list"),
                reverse("catalog:person-list") + "?film=lost-in-starlight",
                reverse("catalog:song-list"),
                reverse("news:article-list"),
                reverse("news:article-list") + "?topic=release",
                reverse("news:article-list") + "?source=seoul-screen-notes",
                reverse("news:article-list") + "?language=ko",
                *(reverse("search:search") + f"?q={query}" for query in SEARCHES),
                reverse("search:suggest") + "?q=kim",
                world.film.get_absolute_url(),
                *(person.get_absolute_url() for person in Person.objects.all()),
                world.song.get_absolute_url(),
                *(article.get_absolute_url() for article in Article.objects.all()),
                *(reverse("news:topic-detail", args=[topic.slug]) for topic in world_topics(world)),
                *(reverse("news:topic-feed", args=[topic.slug]) for topic in world_topics(world)),
            ]
    urls += [
        reverse("news:feed-rss"),
        reverse("news:feed-atom"),
        reverse("news:person-feed", args=["kim-tae-ri"]),
        reverse("sitemap"),
        *(reverse("sitemap-section", args=[name, 1]) for name in ("pages", "films", "people", "songs", "articles")),
        reverse("sitemap-section", args=["topics", 1]),
    ]
    return urls


def world_topics(world):
    return [world.release, world.cast_topic, world.reviews, world.music]


def answer(client, url) -> tuple[int, str]:
    response = client.get(url)
    body = response.content.decode() if response.status_code == 200 else ""
    return response.status_code, re.sub(r'nonce="[^"]*"', "", body)


def walk(urls) -> dict[str, tuple[int, str]]:
    visitor = Visitor()
    for url in urls:
        answer(visitor, url)  # rendered and stored
    return {url: answer(visitor, url) for url in urls}


def assert_no_stale_page(urls):
    """Each address through the cache, then rendered afresh with every cache emptied: the same."""
    visitor = Visitor()
    through_cache = {url: answer(visitor, url) for url in urls}
    cache.clear()
    forget_pages()
    fresh = Visitor()
    stale = [url for url in urls if answer(fresh, url) != through_cache[url]]
    assert not stale, f"served stale after the edit: {stale}"


def edit_article_words(world, body="<p>New words about the teaser and Bon Voyage.</p>"):
    teaser = world.articles.teaser
    teaser.title = "First teaser, retitled"
    teaser.body = body
    teaser.save()
    write_derived([teaser], created=False)


def unpublish_article(world):
    review = world.articles.review
    review.status = Status.DRAFT
    review.save()


def publish_draft(world):
    draft = world.hidden.draft_article
    draft.status = Status.PUBLISHED
    draft.save()


def change_topics(world):
    world.articles.review.topics.add(world.music)
    world.articles.teaser.topics.remove(world.release)


def import_article(world):
    """As an import writes: a bulk insert, its topics, then the derived rows."""
    article = Article(
        title="Imported: Kim Tae-ri on the tour",
        slug="imported-tour",
        body="<p>Kim Tae-ri and Hong Kyung talk about Seoul.</p>",
        source=world.desk,
        status=Status.PUBLISHED,
        publish_at=timezone.now() - dt.timedelta(minutes=1),
    )
    Article.objects.bulk_create([article])
    Article.topics.through.objects.create(article_id=article.pk, topic_id=world.cast_topic.pk)
    write_derived([article], created=True)


def publish_under_topic(world):
    """As an editor adds one in the admin: the article, then its topics, then what is worked out of it."""
    article = Article.objects.create(
        title="Cast notes from the dubbing booth",
        slug="cast-notes",
        body="<p>Notes from the dubbing booth of Lost in Starlight.</p>",
        source=world.desk,
        publish_at=timezone.now() - dt.timedelta(minutes=1),
    )
    article.topics.add(world.cast_topic)
    write_derived([article], created=False)


def remove_topic(world):
    world.articles.korean.topics.remove(world.cast_topic)


def remove_mention(world):
    Mention.objects.filter(article=world.articles.review, person=world.kim).delete()


def exclude_mention(world):
    mention = Mention.objects.get(article=world.articles.korean, person=world.hong)
    mention.excluded = True
    mention.save()


def delete_article(world):
    world.articles.beyonce.delete()


def edit_person_bio(world):
    world.kim.bio = "Actor, voice of Nan-young."
    world.kim.save()


def rename_person(world):
    world.kim.name = "Kim Tae-ri (renamed)"
    world.kim.save()


def unpublish_person(world):
    world.hong.status = Status.DRAFT
    world.hong.save()


def drop_credit(world):
    Credit.objects.filter(person=world.director).delete()


def rename_topic(world):
    world.music.name = "Soundtrack"
    world.music.save()


def rename_source(world):
    world.notes.name = "Seoul Screen Journal"
    world.notes.save()


def add_mention(world):
    Mention.objects.create(article=world.articles.old_review, origin=Mention.Origin.MANUAL, person=world.vince)


def unpublish_song(world):
    world.song.status = Status.DRAFT
    world.song.save()


def merge_copies(world):
    duplicates.merge(world.articles.old_review, into=world.articles.review)


def add_song_credit(world):
    f.song_credit(world.song, world.vince)


def edit_poster(world):
    poster = world.film.poster
    poster.alt_text = "The poster, described anew"
    poster.save()


def redate_article(world):
    beyonce = world.articles.beyonce
    beyonce.dated = timezone.now() - dt.timedelta(hours=2)  # from the bottom of the news to the top
    beyonce.save()


def restore(world):
    Article.objects.filter(pk=world.articles.teaser.pk).update(title="Restored title")
    mark_changed()  # as a restore says it


EDITS = [
    edit_article_words,
    unpublish_article,
    publish_draft,
    change_topics,
    import_article,
    publish_under_topic,
    remove_topic,
    delete_article,
    edit_person_bio,
    rename_person,
    unpublish_person,
    drop_credit,
    rename_topic,
    rename_source,
    add_mention,
    remove_mention,
    exclude_mention,
    unpublish_song,
    merge_copies,
    add_song_credit,
    edit_poster,
    redate_article,
    restore,
]


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_no_page_is_stale_after_an_edit(world, edit):
    urls = addresses(world)
    walk(urls)
    edit(world)
    assert_no_stale_page(urls)


@pytest.mark.parametrize("edit_first", [None, rename_source], ids=["alone", "after_another_edit"])
def test_no_page_is_stale_after_a_scheduled_go_live(world, edit_first):
    """Also when the moment passes and an editor saves something else before any visitor comes."""
    urls = addresses(world)
    go_live = world.hidden.scheduled_article.publish_at
    with travel(go_live - dt.timedelta(minutes=1)):
        walk(urls)
    with travel(go_live + dt.timedelta(minutes=1)):
        if edit_first is not None:
            edit_first(world)
        assert_no_stale_page(urls)


def test_an_edit_leaves_pages_that_do_not_show_it_cached(world):
    """An article's words: other articles' pages, people it does not name and the catalog's lists stay kept."""
    urls = addresses(world)
    walk(urls)
    # The same names as before (the film, the song): a name added or dropped touches the entry named.
    edit_article_words(world, body="<p>Lost in Starlight shows a second teaser, and Bon Voyage plays.</p>")
    visitor = Visitor()
    kept = SimpleNamespace(
        other_article=world.articles.old_review.get_absolute_url(),
        person=world.maitreyi.get_absolute_url(),
        songs=reverse("catalog:song-list"),
    )
    for url in vars(kept).values():
        assert visitor.get(url)["X-Page-Cache"] == "hit", url
    assert visitor.get(world.articles.teaser.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_new_article_leaves_pages_of_other_topics_and_names_cached(world):
    """An article under Cast naming the film alone: its topic's page, the film's and the news list
    change; article pages that share no topic or other name with it (the teaser names the film too),
    a person it does not name and the people list stay kept."""
    urls = addresses(world)
    walk(urls)
    publish_under_topic(world)
    visitor = Visitor()
    kept = SimpleNamespace(
        other_article=world.articles.beyonce.get_absolute_url(),
        naming_the_film_too=world.articles.teaser.get_absolute_url(),
        person=world.maitreyi.get_absolute_url(),
        people=reverse("catalog:person-list"),
        other_topic=reverse("news:topic-detail", args=[world.music.slug]),
    )
    for url in vars(kept).values():
        assert visitor.get(url)["X-Page-Cache"] == "hit", url
    changed = (
        reverse("news:topic-detail", args=[world.cast_topic.slug]),
        world.film.get_absolute_url(),
        reverse("news:article-list"),
    )
    for url in changed:
        assert visitor.get(url)["X-Page-Cache"] == "miss", url


def test_a_biography_edit_leaves_lists_that_do_not_show_the_person_cached(world):
    """A biography is on the person's page, not a thing people are listed by: a list without the
    person stays kept; the person's page, and the list that shows the person, are worked out again."""
    without_kim = reverse("catalog:person-list") + "?q=hong"
    urls = [*addresses(world), without_kim]
    walk(urls)
    edit_person_bio(world)
    visitor = Visitor()
    assert visitor.get(without_kim)["X-Page-Cache"] == "hit"
    assert visitor.get(world.kim.get_absolute_url())["X-Page-Cache"] == "miss"
    assert_no_stale_page(urls)
