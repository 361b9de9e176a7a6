"""The relevance set (relevance.txt): for each query, the first result a fan must see, on the demo
catalog and a few articles of our own. It runs on SQLite and on PostgreSQL (with DATABASE_URL)."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from search.suggestions import suggest
from tests import factories as f

from .helpers import find

CASES = [
    tuple(part.strip() for part in line.split("|"))
    for line in Path(__file__).with_name("relevance.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
WHEN = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)  # after the demo news and the film's release


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo catalog and news, and articles that name things in passing, loaded once for the module
    and rolled back after it."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            call_command("load_demo", stdout=StringIO())
            for days, slug, title, body in [
                (5, "premiere-time", "When the premiere goes live", "On Netflix at midnight Pacific time."),
                (6, "jay-record-player", "Jay's record player", "Hong Kyung on the vintage shop and its records."),
                (7, "storyboards", "Storyboards from Seoul", "Han Ji-won drew the storyboards; Bon Voyage plays."),
                (8, "kim-everywhere", "Kim, Kim and Kim", "Kim Taehyung, Kim Tae-ri and a review of Bon Voyage."),
            ]:
                f.article(slug=slug, title=title, body=f"<p>{body}</p>", publish_at=WHEN - dt.timedelta(days=days))
            yield
            transaction.set_rollback(True)


@pytest.mark.parametrize(("where", "typed", "expected"), CASES, ids=[f"{where}:{typed}" for where, typed, _ in CASES])
def test_the_first_result(site, db, where, typed, expected):
    if where == "suggest":
        first = next(iter(suggest(typed)), None)
        shown = first.url if first else None
    else:
        group = next((group for group in find(typed).groups if group.count), None)
        shown = group.hits[0].object.get_absolute_url() if group else None
    # A character has no page of its own: its place on its film's page (#character-<id>).
    assert shown == expected or (expected.endswith("#character") and shown.startswith(f"{expected}-"))


def test_the_set_is_large_enough():
    assert len(CASES) >= 40
