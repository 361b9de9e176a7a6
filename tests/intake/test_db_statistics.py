"""SQLite's planner statistics refreshed by the background worker on a schedule (a site edited in the
admin only, never importing, still gets them); time moved with tests/clock.py, never waited for."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from intake import db_statistics
from tests.clock import travel
from tests.intake.conftest import run_worker

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum keeps its statistics")


def runs(status=TaskResultStatus.SUCCESSFUL):
    return DBTaskResult.objects.filter(task_path=db_statistics.refresh.module_path, status=status)


def statistics() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone():
            return 0
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)  # the worker commits as it goes (see test_jobs.py)
def test_the_worker_refreshes_the_statistics_at_once_then_every_interval(settings):
    settings.DB_OPTIMIZE_HOURS = 6
    run_worker()  # statistics never gathered: due at once
    assert runs().count() == 1 and statistics() > 0
    (following,) = runs(TaskResultStatus.READY)
    assert following.run_after == pytest.approx(timezone.now() + dt.timedelta(hours=6), abs=dt.timedelta(minutes=1))

    run_worker()  # a worker started again before the interval: nothing new is queued or run
    assert runs().count() == 1 and runs(TaskResultStatus.READY).count() == 1

    with travel(timezone.now() + dt.timedelta(hours=6, minutes=1)):
        run_worker()
        assert runs().count() == 2 and runs(TaskResultStatus.READY).count() == 1


@pytest.mark.django_db(transaction=True)
def test_no_schedule_when_turned_off(settings):
    settings.DB_OPTIMIZE_HOURS = 0
    run_worker()
    assert not runs().exists() and not runs(TaskResultStatus.READY).exists()
