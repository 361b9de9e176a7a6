"""SQLite's planner statistics on the task queue: one pending "refresh" task at a time, due every
DB_OPTIMIZE_HOURS, so a site whose content changes through the admin alone keeps them too (imports
refresh them as they end). Due at once where they were never refreshed. PostgreSQL: nothing queued.
"""

import datetime as dt

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from common.planner import keep_statistics

KEEP_RESULTS = dt.timedelta(days=7)  # finished runs kept this long: the last one says when the next is due


@task()
def refresh() -> None:
    try:
        keep_statistics()
    finally:
        schedule()


def schedule() -> None:
    """Queue the next refresh unless one is queued already (or the schedule is off, or not SQLite)."""
    if not settings.DB_OPTIMIZE_HOURS or connection.vendor != "sqlite":
        return
    now = timezone.now()
    mine = DBTaskResult.objects.filter(task_path=refresh.module_path)
    mine.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_RESULTS).delete()
    if mine.filter(status=TaskResultStatus.READY).exists():
        return
    ran = mine.exclude(status=TaskResultStatus.READY).exists()  # this run included, while it runs
    refresh.using(run_after=now + dt.timedelta(hours=settings.DB_OPTIMIZE_HOURS) if ran else now).enqueue()
