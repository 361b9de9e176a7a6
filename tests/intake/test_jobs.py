"""Import jobs: progress as they run, a clear failure, running again, recovery from a lost worker."""

import datetime as dt
import socket
import threading

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from intake import jobs, workers
from intake.models import ImportJob, ImportUpload
from news.importer.reports import ImportOptions
from news.models import Article
from tests.clock import travel
from tests.intake.conftest import run_worker

# The worker runs as it does in production, committing as it goes (and closing connections it
# finds in a transaction), so these tests run outside the usual per-test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def note(number: int) -> ContentFile:
    return ContentFile(
        f'{{"title": "Note {number}", "date": "2025-05-0{number}", "body": "Text {number}."}}'.encode(),
        name=f"note{number}.json",
    )


def test_a_running_job_writes_its_progress_as_files_are_done(monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_SECONDS", 0)
    seen = []
    real = jobs.import_many

    def watching(items, *, on_report, **kwargs):
        def report(file_report):
            on_report(file_report)
            seen.append(ImportJob.objects.values_list("state", "files_done").get())

        return real(items, on_report=report, **kwargs)

    monkeypatch.setattr(jobs, "import_many", watching)
    job = jobs.start([note(1), note(2), note(3)], options=ImportOptions())
    run_worker()
    assert seen == [("running", 1), ("running", 2), ("running", 3)]
    job.refresh_from_db()
    assert job.state == "finished" and job.runs == 1 and job.finished_at and not job.error


def test_a_failed_job_says_why_and_runs_again_from_its_page_without_doubling(admin_client, monkeypatch):
    job = jobs.start([note(1), note(2)], options=ImportOptions(publish=True))
    real = jobs.import_many

    def half_then_fail(items, **kwargs):
        real(items[:1], **kwargs)
        raise OSError("No space left on device")

    monkeypatch.setattr(jobs, "import_many", half_then_fail)
    run_worker()
    job.refresh_from_db()
    assert job.state == "failed" and "No space left on device" in job.error
    page = reverse("admin:intake_importjob_change", args=[job.pk])
    html = admin_client.get(page).content.decode()
    assert "No space left on device" in html and "Run again" in html and "http-equiv" not in html

    monkeypatch.setattr(jobs, "import_many", real)
    response = admin_client.post(reverse("admin:intake_importjob_run_again", args=[job.pk]), follow=True)
    assert "queued again" in response.content.decode()
    run_worker()
    job.refresh_from_db()
    assert job.state == "finished" and job.runs == 2 and job.counts == {"created": 1, "unchanged": 1}
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Note 1", "Note 2"]


def test_only_a_stopped_job_runs_again_and_only_by_post(admin_client):
    job = jobs.start([note(1)], options=ImportOptions())
    url = reverse("admin:intake_importjob_run_again", args=[job.pk])
    assert admin_client.get(url).status_code == 405
    response = admin_client.post(url, follow=True)
    assert "not stopped" in response.content.decode()
    assert ImportJob.objects.get().state == "queued"


def test_a_job_queued_with_no_worker_says_how_to_start_one_and_a_stalled_one_offers_to_run_again(admin_client):
    job = jobs.start([note(1)], options=ImportOptions())
    page = reverse("admin:intake_importjob_change", args=[job.pk])
    assert "task_worker" not in admin_client.get(page).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(created=timezone.now() - dt.timedelta(minutes=1))
    assert "python manage.py task_worker" in admin_client.get(page).content.decode()

    long_ago = timezone.now() - dt.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(state="running", heartbeat=long_ago, worker="elsewhere:1")
    html = admin_client.get(page).content.decode()
    assert "its worker seems to have stopped" in html and "Run again" in html and "http-equiv" not in html


def test_a_worker_on_the_same_host_that_is_gone_is_known_at_once_without_waiting_for_its_lease():
    host = socket.gethostname()
    dead_pid = 2**22 + 1  # above the kernel's largest pid
    gone_here = claimed_by(jobs.start([note(1)], options=ImportOptions()), f"{host}:{dead_pid}")
    alive_here = claimed_by(jobs.start([note(2)], options=ImportOptions()), f"{host}:1")
    busy_elsewhere = claimed_by(jobs.start([note(3)], options=ImportOptions()), "other-host:13")
    mine = claimed_by(jobs.start([note(4)], options=ImportOptions()), "this-host:7")
    # This worker (this-host:7) has just started: a task marked with its id was a predecessor's.
    assert sorted(workers.recover(me="this-host:7", since=timezone.now())) == sorted([gone_here.pk, mine.pk])
    states = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert states[gone_here.pk] == states[mine.pk] == TaskResultStatus.READY
    assert states[alive_here.pk] == states[busy_elsewhere.pk] == TaskResultStatus.RUNNING
    assert workers.recover(me="this-host:7", since=timezone.now() - dt.timedelta(hours=1)) == []


def test_a_job_delivered_twice_runs_once():
    job = jobs.start([note(1)], options=ImportOptions())
    assert jobs.run(job.pk) == {"created": 1}
    assert jobs.run(job.pk) == {}  # finished already: a second delivery does nothing
    job.refresh_from_db()
    assert job.runs == 1


def test_deleting_a_job_deletes_its_files(admin_client):
    job = jobs.start([note(1)], options=ImportOptions())
    response = admin_client.post(reverse("admin:intake_importjob_delete", args=[job.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not ImportJob.objects.exists() and not ImportUpload.objects.exists()


def claimed_by(job: ImportJob, worker: str, *, attempts: int = 1) -> DBTaskResult:
    """The job's task and the job as a worker leaves them while it runs the job (and renews its lease)."""
    task = DBTaskResult.objects.get(task_path=jobs.run_import_job.module_path, args_kwargs__args=[job.pk])
    earlier = [f"lost-host:{n}" for n in range(attempts - 1)]
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=[*earlier, worker]
    )
    ImportJob.objects.filter(pk=job.pk).update(state="running", worker=worker, heartbeat=timezone.now())
    workers.renew(worker)
    return task


def test_a_task_whose_worker_stopped_renewing_its_lease_is_queued_again_and_finished():
    job = jobs.start([note(1)], options=ImportOptions())
    task = claimed_by(job, "other-host:12")
    with travel(timezone.now() + workers.LEASE + dt.timedelta(seconds=1)):
        run_worker()  # a worker on another host sees the lease run out
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.worker_ids) == 2
    assert job.state == "finished" and Article.objects.count() == 1
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()


def test_a_task_whose_worker_renews_its_lease_is_left_running():
    job = jobs.start([note(1)], options=ImportOptions())
    task = claimed_by(job, "other-host:12")
    with travel(timezone.now() + workers.LEASE * 3):
        workers.renew("other-host:12")
        assert workers.recover(me="this-host:1") == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    assert ImportJob.objects.get(pk=job.pk).state == "running"


def test_a_task_whose_workers_died_too_often_fails_and_says_why():
    job = jobs.start([note(1)], options=ImportOptions())
    task = claimed_by(job, "other-host:12", attempts=workers.MAX_ATTEMPTS)
    with travel(timezone.now() + workers.LEASE + dt.timedelta(seconds=1)):
        assert workers.recover(me="this-host:1") == [task.pk]
    task.refresh_from_db()
    job.refresh_from_db()
    reason = f"The worker running this task stopped {workers.MAX_ATTEMPTS} times"
    assert task.status == TaskResultStatus.FAILED and task.traceback.startswith(reason)
    assert job.state == "failed" and job.error.startswith(reason)


def test_the_lease_thread_outlives_an_error_that_is_not_the_databases(monkeypatch):
    """A worker whose lease thread died would keep running tasks unrenewed, and be taken for gone."""
    turns, again = [], threading.Event()

    def recover(**kwargs):
        turns.append(kwargs)
        if len(turns) == 1:
            raise IndexError("a running task with no worker id")
        again.set()
        return []

    monkeypatch.setattr(workers, "renew", lambda worker: None)
    monkeypatch.setattr(workers, "recover", recover)
    monkeypatch.setattr(workers, "RENEW_SECONDS", 0.0)
    lease = workers.Lease("test-worker", timezone.now())
    lease.start()
    try:
        assert again.wait(timeout=60), "the lease thread stopped after the error"
    finally:
        lease.stop()
