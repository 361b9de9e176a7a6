"""What a process knows of the tags (`caching.changes._Known`) when the database's count is not the
one a kept page was worked out at."""

import datetime as dt

import pytest

from caching.changes import Version, _Known

MOMENT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def at(number: int, epoch: str = "e1") -> Version:
    return Version(number=number, changed_at=MOMENT, next_go_live=MOMENT, epoch=epoch)


def test_a_page_worked_out_past_the_databases_count_is_not_current():
    known = _Known()
    known.sync(at(50))
    assert known.current(50, "e1", ["news.article:1"]) is True
    assert known.current(51, "e1", ["news.article:1"]) is False


@pytest.mark.django_db
def test_a_count_that_went_back_forgets_what_was_known_past_it():
    # An older copy of the database file put in place keeps its epoch and has a lower count: a page
    # kept from the newer one must not pass as current.
    known = _Known()
    known.sync(at(50))
    known.sync(at(100))
    assert known.current(90, "e1", []) is True
    known.sync(at(60))
    assert known.current(90, "e1", []) is False
    assert known.current(60, "e1", []) is True
