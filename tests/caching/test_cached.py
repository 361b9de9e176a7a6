"""Reads kept until something they read changes (their tags): reused across other edits, read afresh
after one of theirs, never lost."""

import datetime as dt

import pytest
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils import timezone

from caching import cached as kept_module
from caching.cached import cached, cached_by_inputs, cached_many, current_version
from caching.changes import mark_changed
from catalog.models import Person
from common import cache_tags
from news.models import Article
from tests import factories as f
from tests.clock import travel

pytestmark = pytest.mark.django_db(transaction=True)


class Counter:
    def __init__(self, read=lambda: None):
        self.calls = 0
        self.read = read

    def __call__(self):
        self.read()
        self.calls += 1
        return self.calls


def people_count():
    return Person.objects.published().count()


def test_a_list_read_is_reused_until_a_row_of_its_kind_comes_or_goes():
    compute = Counter(people_count)
    assert cached("k", compute) == 1
    assert cached("k", compute) == 1
    with transaction.atomic():
        f.article(title="News", topics=[f.topic("Release")])  # not a person: the read stays
    assert cached("k", compute) == 1
    with transaction.atomic():
        f.person(name="Someone New")
    assert cached("k", compute) == 2


def test_a_read_of_one_row_outlives_edits_of_other_rows_of_its_kind():
    first, second = f.person(name="First"), f.person(name="Second")

    def read_first():
        with cache_tags.rows_only():
            Person.objects.get(pk=first.pk)

    compute = Counter(read_first)
    assert cached("one", compute) == 1
    second.biography = "Changed."
    second.save()
    assert cached("one", compute) == 1
    first.biography = "Changed too."
    first.save()
    assert cached("one", compute) == 2


def test_an_articles_words_leave_lists_of_articles_alone_but_not_its_own_reads():
    article = f.article(title="Words")
    lists = Counter(lambda: list(Article.objects.published()[:5]))
    assert cached("list", lists) == 1
    article.body = "<p>Other words.</p>"
    article.save()
    assert cached("list", lists) == 2  # the list showed the article: its tag came with its row
    other = f.article(title="Not listed here", publish_at=timezone.now() - dt.timedelta(days=400))
    lists_of_one = Counter(lambda: list(Article.objects.published().filter(pk=article.pk)))
    assert cached("one-list", lists_of_one) == 1
    other.body = "<p>Changed.</p>"
    other.save()
    assert cached("one-list", lists_of_one) == 1  # words alone do not move a list
    other.publish_at = timezone.now() - dt.timedelta(days=1)
    other.save()
    assert cached("one-list", lists_of_one) == 2  # a date does


def test_a_rolled_back_change_invalidates_nothing():
    compute = Counter(people_count)
    assert cached("c", compute) == 1
    with transaction.atomic():
        try:
            with transaction.atomic():  # rolled back, and its pending change with it
                f.person(name="Never saved")
                raise RuntimeError
        except RuntimeError:
            pass
        f.article(title="Saved")
    assert cached("c", compute) == 1


def test_a_change_of_no_known_extent_makes_every_read_afresh():
    compute = Counter()
    assert cached("c", compute) == 1
    mark_changed()  # a restore
    assert cached("c", compute) == 2


def test_a_scheduled_go_live_makes_the_lists_of_its_kind_afresh(settings):
    """An hour ahead, which no machine reaches by itself during the test: the clock is moved there."""
    settings.PAGE_CACHE_TIMEOUT = 24 * 3600  # so nothing but the go-live can end what is kept
    go_live = timezone.now() + dt.timedelta(hours=1)
    f.article(title="Later", publish_at=go_live)
    articles = Counter(lambda: Article.objects.published().count())
    people = Counter(people_count)
    assert cached("articles", articles) == 1 and cached("people", people) == 1
    with travel(go_live - dt.timedelta(minutes=1)):
        assert cached("articles", articles) == 1
    with travel(go_live + dt.timedelta(minutes=1)):
        assert cached("articles", articles) == 2
        assert cached("people", people) == 1


def test_inside_a_request_the_counter_is_read_once(django_assert_num_queries):
    f.person(name="Someone")
    current_version()  # works out the next go-live once
    request_started.send(sender=None)
    try:
        with django_assert_num_queries(1):
            first = current_version()
            assert current_version() == first
        with transaction.atomic():  # an editor's save during the request
            f.person(name="Someone else")
        assert current_version() != first
    finally:
        request_finished.send(sender=None)


def test_a_page_takes_the_tags_of_the_reads_it_uses_kept_or_not():
    person = f.person(name="Shown")

    def read():
        with cache_tags.rows_only():
            return Person.objects.get(pk=person.pk).name

    for _turn in range(2):  # worked out, then kept
        with cache_tags.collecting() as tags:
            assert cached("name", read) == "Shown"
        assert cache_tags.row_tag(Person, person.pk) in tags


def test_a_cache_that_fails_means_computing_every_time(monkeypatch, caplog):
    class Unreachable:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get_many = set_many = get

    monkeypatch.setattr(kept_module, "cache", Unreachable())
    compute = Counter()
    assert cached("k", compute) == 1
    assert cached("k", compute) == 2
    assert cached_by_inputs({1: "a", 2: "b"}, lambda items: {item: item * 10 for item in items}) == {1: 10, 2: 20}
    assert cached_many({1: "a", 2: "b"}, lambda items: {item: item * 10 for item in items}) == {1: 10, 2: 20}
    assert "cache unavailable" in caplog.text


def test_many_reads_are_kept_together_and_only_the_missing_computed():
    asked = []

    def compute(items):
        asked.append(sorted(items))
        return {item: f"value {item}" for item in items}

    assert cached_by_inputs({1: "one", 2: "two"}, compute) == {1: "value 1", 2: "value 2"}
    assert cached_by_inputs({1: "one", 2: "two", 3: "three"}, compute) == {1: "value 1", 2: "value 2", 3: "value 3"}
    assert asked == [[1, 2], [3]]


def test_many_kept_reads_are_computed_together_once_per_change_of_what_they_read():
    asked = []

    def compute(items):
        people_count()
        asked.append(sorted(items))
        return {item: f"{item} as of {len(asked)}" for item in items}

    assert cached_many({1: "one", 2: "two"}, compute) == {1: "1 as of 1", 2: "2 as of 1"}
    assert cached_many({1: "one", 3: "three"}, compute) == {1: "1 as of 1", 3: "3 as of 2"}
    with transaction.atomic():
        f.article(title="News")  # not what they read: they stay
    assert cached_many({1: "one", 3: "three"}, compute) == {1: "1 as of 1", 3: "3 as of 2"}
    with transaction.atomic():
        f.person(name="Someone New")
    assert cached_many({1: "one", 3: "three"}, compute) == {1: "1 as of 3", 3: "3 as of 3"}
    assert asked == [[1, 2], [3], [1, 3]]
