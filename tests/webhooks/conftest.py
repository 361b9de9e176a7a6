"""An endpoint on the loopback site (tests/loopback.py), and the background worker that sends to it."""

import pytest
from django.core.management import call_command

from webhooks.models import Endpoint, Event, Kind


def run_worker():
    """What `make run`'s worker does: take every task that is due, then stop."""
    call_command("task_worker", batch=True, verbosity=0)


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
