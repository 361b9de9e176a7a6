"""Reads kept under the content cache version: reused until anything changes, read afresh after, never lost."""

import datetime as dt

import pytest
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils import timezone

from caching import cached as kept_module
from caching.cached import cache_version, cached, cached_by_inputs, cached_many
from caching.changes import CATALOG, mark_changed
from tests import factories as f
from tests.clock import travel

pytestmark = pytest.mark.django_db(transaction=True)


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def test_a_kept_read_is_reused_until_the_content_changes():
    compute = Counter()
    assert cached("k", compute) == 1
    assert cached("k", compute) == 1
    with transaction.atomic():
        f.person(name="Someone New")
    assert cached("k", compute) == 2


def test_a_read_of_the_catalog_outlives_news_edits_but_not_a_catalog_edit():
    compute = Counter()
    assert cached("c", compute, section=CATALOG) == 1
    with transaction.atomic():
        f.article(title="News", topics=[f.topic("Release")])
    assert cached("c", compute, section=CATALOG) == 1
    with transaction.atomic():
        f.song(f.film(name="A Film"), title="A Song")
    assert cached("c", compute, section=CATALOG) == 2
    mark_changed()  # a change of no known kind (a restore, a bulk write) moves every section
    assert cached("c", compute, section=CATALOG) == 3


def test_a_transaction_that_writes_news_then_the_catalog_moves_the_catalog_scope():
    compute = Counter()
    assert cached("c", compute, section=CATALOG) == 1
    with transaction.atomic():
        f.article(title="News first")
        f.person(name="Then a person")
    assert cached("c", compute, section=CATALOG) == 2
    with transaction.atomic():
        try:
            with transaction.atomic():  # rolled back, and its pending change with it
                f.article(title="Never saved")
                raise RuntimeError
        except RuntimeError:
            pass
        f.person(name="Saved")
    assert cached("c", compute, section=CATALOG) == 3


def test_nothing_is_kept_past_a_scheduled_go_live(settings):
    """An hour ahead, which no machine reaches by itself during the test: the clock is moved there."""
    settings.PAGE_CACHE_TIMEOUT = 24 * 3600  # so nothing but the go-live can end what is kept
    go_live = timezone.now() + dt.timedelta(hours=1)
    f.article(title="Later", publish_at=go_live)
    compute = Counter()
    assert cached("k", compute) == 1
    with travel(go_live - dt.timedelta(minutes=1)):
        assert cached("k", compute) == 1
    with travel(go_live + dt.timedelta(minutes=1)):
        assert cached("k", compute) == 2


def test_inside_a_request_the_stamp_is_read_once(django_assert_num_queries):
    f.person(name="Someone")
    cache_version()  # works out the next go-live once
    request_started.send(sender=None)
    try:
        with django_assert_num_queries(1):
            first = cache_version()
            assert cache_version() == first
        with transaction.atomic():  # an editor's save during the request
            f.person(name="Someone else")
        assert cache_version() != first
    finally:
        request_finished.send(sender=None)


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


def test_many_reads_kept_under_a_stamp_are_computed_together_once_per_change_of_their_scope():
    asked = []

    def compute(items):
        asked.append(sorted(items))
        return {item: f"{item} as of {len(asked)}" for item in items}

    assert cached_many({1: "one", 2: "two"}, compute, section=CATALOG) == {1: "1 as of 1", 2: "2 as of 1"}
    assert cached_many({1: "one", 3: "three"}, compute, section=CATALOG) == {1: "1 as of 1", 3: "3 as of 2"}
    with transaction.atomic():
        f.article(title="News")  # not the catalog: its reads stay
    assert cached_many({1: "one", 3: "three"}, compute, section=CATALOG) == {1: "1 as of 1", 3: "3 as of 2"}
    with transaction.atomic():
        f.person(name="Someone New")
    assert cached_many({1: "one", 3: "three"}, compute, section=CATALOG) == {1: "1 as of 3", 3: "3 as of 3"}
    assert asked == [[1, 2], [3], [1, 3]]


def test_a_scope_no_version_is_kept_for_is_refused(monkeypatch):
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    from catalog.models import Person

    monkeypatch.setattr(apps.get_app_config("catalog"), "cache_section", "films")
    with pytest.raises(ImproperlyConfigured):
        mark_changed(sender=Person)
