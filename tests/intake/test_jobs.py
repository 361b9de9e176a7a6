"""Import jobs: progress as they run, a clear failure, running again, recovery from a lost worker."""

import datetime as dt
import socket

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from intake import jobs
from intake.models import ImportJob, ImportUpload
from news.importer.reports import ImportOptions
from news.models import Article
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


def test_a_worker_starting_queues_again_the_jobs_of_workers_that_are_gone():
    host = socket.gethostname()
    fresh = timezone.now()
    stale = fresh - dt.timedelta(hours=1)
    gone_here = jobs.start([note(1)], options=ImportOptions())
    alive_here = jobs.start([note(2)], options=ImportOptions())
    stalled_elsewhere = jobs.start([note(3)], options=ImportOptions())
    busy_elsewhere = jobs.start([note(4)], options=ImportOptions())
    dead_pid = 2**22 + 1  # above the kernel's largest pid
    for job, worker, heartbeat in (
        (gone_here, f"{host}:{dead_pid}", fresh),
        (alive_here, f"{host}:1", fresh),
        (stalled_elsewhere, "other-host:12", stale),
        (busy_elsewhere, "other-host:13", fresh),
    ):
        ImportJob.objects.filter(pk=job.pk).update(state="running", worker=worker, heartbeat=heartbeat)
    assert sorted(jobs.recover_interrupted()) == sorted([gone_here.pk, stalled_elsewhere.pk])
    states = dict(ImportJob.objects.values_list("pk", "state"))
    assert states[gone_here.pk] == states[stalled_elsewhere.pk] == "queued"
    assert states[alive_here.pk] == states[busy_elsewhere.pk] == "running"


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
