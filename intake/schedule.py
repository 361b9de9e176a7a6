"""The feeds' turn on the task queue: one pending "poll feeds" task at a time, queued for the moment
the next feed is due, so workers read each feed on its source's schedule with no cron.

The pending task is looked up in the database backend's own table (django-tasks-db): the task API
has no way to ask what is queued.
"""

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from . import polling

# A feed added or changed in the admin is read within this, whatever else is scheduled.
LONGEST_WAIT = dt.timedelta(minutes=5)
KEEP_RESULTS = dt.timedelta(days=1)  # finished poll tasks kept this long (one every few minutes)


@task()
def poll_feeds() -> dict[str, str]:
    """Read the due feeds, then queue the next turn. Returns what happened to each feed."""
    try:
        return {result.source.name: result.status for result in polling.poll_due()}
    finally:
        schedule()


def schedule() -> None:
    """Queue the next poll for when the next feed is due, unless one is queued already."""
    now = timezone.now()
    mine = DBTaskResult.objects.filter(task_path=poll_feeds.module_path)
    mine.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_RESULTS).delete()
    if mine.filter(status=TaskResultStatus.READY).exists():
        return
    due = polling.next_due()
    when = now + LONGEST_WAIT if due is None else max(now, min(due, now + LONGEST_WAIT))
    poll_feeds.using(run_after=when).enqueue()
