"""Import jobs: started from uploads, run by a background worker, run again after a lost worker.

The work is the importer's own (`news.importer.runs.import_many`): batches of files, each file all
or nothing, committed batch by batch, and idempotent, so a job stopped anywhere leaves only whole
articles, and running it again creates nothing twice. A job is queued on Django's task API
(django-tasks, with the database backend: the queue lives in the site's database, shared by every
worker on every host).
"""

import logging
import os
import socket
import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from news.importer.reports import FileReport, ImportOptions, ImportSummary
from news.importer.runs import import_many
from news.importer.uploads import upload_items

from .models import ImportJob, ImportUpload

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 1.0  # a running job writes its progress at most this often (and after its last file)
ERROR_LENGTH = 2000


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def start(uploads, *, options: ImportOptions, user=None) -> ImportJob:
    """Keep the uploaded files with a new job and queue it: one transaction, so a job is never
    queued without its files, nor files kept without a job."""
    total = len(upload_items(uploads))  # zips are opened for their list of members only
    with transaction.atomic():
        job = ImportJob.objects.create(
            started_by=user if user is not None and user.is_authenticated else None,
            source=options.source,
            publish=options.publish,
            overwrite=options.overwrite,
            dry_run=options.dry_run,
            pages=options.pages,
            files_total=total,
        )
        for upload in uploads:
            upload.seek(0)
            ImportUpload.objects.create(job=job, name=upload.name[:255], size=upload.size, data=upload.read())
        run_import_job.enqueue(job.pk)
    return job


def run_again(job: ImportJob) -> bool:
    """Queue a failed or stalled job again; False when it is neither (it is queued, running, or done)."""
    if not job.may_run_again():
        return False
    return _requeue(job, was=job.state)


def _requeue(job: ImportJob, *, was: str) -> bool:
    # Only from the state it was seen in: two editors clicking at once queue it once.
    if not ImportJob.objects.filter(pk=job.pk, state=was).update(state=ImportJob.State.QUEUED, error=""):
        return False
    run_import_job.enqueue(job.pk)
    return True


def task_lost(job_id: int, *, error: str = "") -> None:
    """The job's task lost its worker (intake.workers): the job is queued again with it, or fails with
    the task's reason. Files already imported are kept, and running it again creates nothing twice."""
    lost = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.RUNNING)
    if error:
        lost.update(state=ImportJob.State.FAILED, error=error[:ERROR_LENGTH], finished_at=timezone.now())
    else:
        lost.update(state=ImportJob.State.QUEUED, error="")


class _Progress:
    """Counts the files as they are done and writes the counts to the job now and then."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.summary = ImportSummary(keep_files=False)
        self.written = time.monotonic()

    def add(self, report: FileReport) -> None:
        self.summary.add(report)
        if time.monotonic() - self.written >= PROGRESS_SECONDS:
            self.write()

    def more(self, count: int) -> None:
        """A WordPress export counted as one file holds this many more items (its posts)."""
        ImportJob.objects.filter(pk=self.job_id).update(files_total=F("files_total") + count)

    def write(self, **fields) -> None:
        ImportJob.objects.filter(pk=self.job_id).update(
            files_done=self.summary.total,
            counts=self.summary.outcomes(),
            heartbeat=timezone.now(),
            **fields,
        )
        self.written = time.monotonic()


def run(job_id: int) -> dict:
    """Import a job's files and write its report. Returns the counts of each outcome."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING,
        worker=this_worker(),
        started_at=now,
        heartbeat=now,
        files_done=0,
        counts={},
        report=[],
        error="",
        runs=F("runs") + 1,
    )
    if not claimed:  # deleted, or taken by another run of the same job
        logger.info("import job %s is not queued; nothing to do", job_id)
        return {}
    job = ImportJob.objects.get(pk=job_id)
    files = [ContentFile(bytes(upload.data), name=upload.name) for upload in job.uploads.all()]
    progress = _Progress(job_id)
    try:
        summary = import_many(upload_items(files), options=job.options(), on_report=progress.add, on_more=progress.more)
    except BaseException as exc:  # the worker records the traceback; the job page says what happened
        progress.write(state=ImportJob.State.FAILED, error=_describe(exc)[:ERROR_LENGTH], finished_at=timezone.now())
        raise
    counts = summary.outcomes()
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJob.State.FINISHED,
        files_done=summary.total,
        counts=counts,
        report=[report.as_dict() for report in summary.files],
        heartbeat=timezone.now(),
        finished_at=timezone.now(),
    )
    return counts


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt | SystemExit):
        return "The worker was stopped while importing. Files already imported are kept; run the job again."
    return f"The import stopped: {exc.__class__.__name__}: {exc}"


@task()
def run_import_job(job_id: int) -> dict:
    """The queued task: a job's import, by whichever worker takes it."""
    return run(job_id)
