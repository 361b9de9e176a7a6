"""A dry run writes nothing and never takes the write lock (on SQLite, any write, or any transaction
with IMMEDIATE, holds it until the end: sign-ins and the worker then fail with "database is locked"),
and still reports what a real run then does."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.importer.reports import ImportOptions
from news.importer.runs import import_many
from news.models import Article, Source, Topic
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)  # no test transaction around the run: it must open none
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "BEGIN")


def item(name: str, **values):
    payload = json.dumps({"body": f"<p>{values.get('title', name)} is a story about the film's crew.</p>", **values})
    return name, lambda: payload.encode()


def items():
    return [
        item("new.json", title="A new story", topics=["Brand new topic"], source="A new source"),
        item("repeat.json", title="A new story", topics=["Brand new topic"], source="A new source"),
        item("changed.json", title="The known story, retitled", url="https://example.com/known"),
        item("same.json", title="Unchanged story", url="https://example.com/same"),
        item("twice.json", title="A new story"),
        item("bad.json", title="No body", body=""),
    ]


@pytest.fixture
def known(settings):
    settings.IMPORT_WORKERS = 0
    import_many(
        [
            item("known.json", title="The known story", url="https://example.com/known"),
            item("same.json", title="Unchanged story", url="https://example.com/same"),
        ],
        options=ImportOptions(),
    )


def in_transaction() -> bool:
    """Whether this connection holds a transaction open, by Django's account and the driver's own."""
    raw = connection.connection
    return connection.in_atomic_block or bool(getattr(raw, "in_transaction", False))


def test_a_dry_run_issues_no_write_and_holds_no_transaction_between_files(known):
    held = []
    before = Article.objects.count(), Topic.objects.count(), Source.objects.count()
    with CaptureQueriesContext(connection) as captured:
        summary = import_many(
            items(), options=ImportOptions(dry_run=True), on_report=lambda report: held.append(in_transaction())
        )
    assert held == [False] * len(items())
    writes = [query["sql"] for query in captured if query["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert (Article.objects.count(), Topic.objects.count(), Source.objects.count()) == before
    assert summary.total == len(items())


def test_a_dry_run_reports_what_the_real_run_then_does(known):
    def report(dry_run):
        summary = import_many(items(), options=ImportOptions(dry_run=dry_run))
        return [file.as_dict() for file in summary.files]

    planned = report(dry_run=True)
    assert report(dry_run=False) == planned
    assert [file["outcome"] for file in planned] == [
        "created",
        "unchanged",
        "updated",
        "unchanged",
        "updated",
        "failed",
    ]


def test_a_dry_run_gives_the_slugs_a_real_run_would_take(known):
    f.article(title="A new story", slug="a-new-story")  # its slug is taken
    planned = import_many(items()[:1], options=ImportOptions(dry_run=True)).files[0].articles[0].slug
    assert planned == "a-new-story-2"
    assert import_many(items()[:1], options=ImportOptions()).files[0].articles[0].slug == planned
