"""An endpoint on the loopback site (tests/loopback.py), and the background worker that sends to it."""

import pytest
from django_tasks_db.models import DBTaskResult

from webhooks.models import Endpoint, Event, Kind
from webhooks.tasks import deliver


def run_worker():
    """What the background worker does with the deliveries: run each task that is due, in the queue's order,
    then stop. (The worker itself closes the connection, which the tests' transaction needs on PostgreSQL.)"""
    for queued in DBTaskResult.objects.ready().filter(task_path=deliver.module_path):
        deliver.call(*queued.args_kwargs["args"])
        queued.delete()


@pytest.fixture
def endpoint(feed_site, db):
    """Listens for every event of every kind at /hook."""
    return Endpoint.objects.create(
        name="Fan app", url=feed_site.url("/hook"), events=list(Event.values), kinds=list(Kind.values)
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks as its commit would (the tests' transactions never commit)."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block
