"""Workers' leases: a task left "running" by a worker that is gone is queued again, or failed.

A worker that is killed (SIGKILL, out of memory, its host lost) runs no clean-up, so the task it was
running would stay "running" for ever. Every worker renews a lease (a row: its id and the time) every
RENEW_SECONDS, from a thread of its own, so a long task does not hold the renewal up. A running task
whose worker has not renewed its lease for LEASE is taken to be lost: any living worker, on any host,
finds it as it renews its own lease, and queues it again, or fails it with the reason once workers
have died running it MAX_ATTEMPTS times (a task that kills its worker must not kill them all). A
worker on the same host that no longer exists is known to be gone at once, without waiting for its
lease to run out. An import job goes back to the queue, or fails, with its task (intake.jobs).
Hosts' clocks must agree to well within LEASE (NTP): a lease is judged by the clock of the host that
reads it.
"""

import datetime as dt
import logging
import os
import socket
import threading

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import jobs
from .models import WorkerLease

logger = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=2)
RENEW_SECONDS = 20.0
MAX_ATTEMPTS = 3
FORGET_AFTER = dt.timedelta(days=1)  # leases of workers stopped this long ago are deleted
GAVE_UP = (
    "The worker running this task stopped {times} times (killed, out of memory, or its host lost), "
    "so it is not tried again."
)


class WorkerLost(Exception):
    """What a task given up on is failed with (the task's failure names this class)."""


def renew(worker: str) -> None:
    WorkerLease.objects.update_or_create(worker=worker, defaults={"renewed_at": timezone.now()})


def release(worker: str) -> None:
    """A worker stopping cleanly: its tasks are done, its lease is no longer needed."""
    WorkerLease.objects.filter(worker=worker).delete()


def recover(*, me: str, since: dt.datetime | None = None) -> list:
    """Queue again (or fail) the running tasks of workers that are gone; their ids.

    `me` is this worker, and `since` when it started: a task marked with its id but started before was
    a predecessor's that had the same pid.
    """
    now = timezone.now()
    alive = set(WorkerLease.objects.filter(renewed_at__gte=now - LEASE).values_list("worker", flat=True))
    recovered = []
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        worker = task.worker_ids[-1] if task.worker_ids else ""
        if worker == me:
            gone = since is not None and task.started_at < since
        else:
            gone = _gone_from_this_host(worker) or (worker not in alive and task.started_at < now - LEASE)
        if gone and _give_back(task, now):
            recovered.append(task.pk)
    WorkerLease.objects.filter(renewed_at__lt=now - FORGET_AFTER).delete()
    return recovered


def _gone_from_this_host(worker: str) -> bool:
    host, _sep, pid = worker.rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not _alive(int(pid))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _give_back(task: DBTaskResult, now: dt.datetime) -> bool:
    """Queue the task again, or fail it after MAX_ATTEMPTS; False when another worker did first."""
    attempts = len(task.worker_ids)
    given_up = attempts >= MAX_ATTEMPTS
    reason = GAVE_UP.format(times=attempts)
    if given_up:
        fields = {
            "status": TaskResultStatus.FAILED,
            "finished_at": now,
            "return_value": None,
            "exception_class_path": f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            "traceback": reason,
        }
    else:
        fields = {"status": TaskResultStatus.READY}
    # Only as it was seen: a task taken again meanwhile has another start.
    if not DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at).update(
        **fields
    ):
        return False
    if task.task_path == jobs.run_import_job.module_path:
        jobs.task_lost(*task.args_kwargs["args"], error=reason if given_up else "")
    logger.warning(
        "task %s lost its worker %s: %s", task.pk, task.worker_ids[-1], reason if given_up else "queued again"
    )
    return True


class Lease:
    """Renews this worker's lease, and recovers lost workers' tasks, from a thread of its own."""

    def __init__(self, me: str, since: dt.datetime):
        self.me = me
        self.since = since
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="worker-lease", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()

    def _run(self) -> None:
        try:
            while not self.stopped.wait(RENEW_SECONDS):
                try:
                    renew(self.me)
                    recover(me=self.me, since=self.since)
                except DatabaseError:  # a locked or unreachable database: tried again at the next turn
                    logger.warning("worker %s could not renew its lease", self.me, exc_info=True)
                    close_old_connections()
                except Exception:  # anything else: said, and the lease still renewed at the next turn
                    logger.exception("worker %s: renewing its lease or recovering others' tasks failed", self.me)
        finally:
            connection.close()
