"""Import jobs: files uploaded in the admin, imported by a background worker, with their report.

The uploads are kept in the database with the job, so any worker on any host can run it, a job
survives a restart of the web or the worker processes, and it can be run again from its files.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from news.importer.reports import ImportOptions, Outcome

# How a job's page names each outcome ("created" alone is also a field's label, hence the context).
OUTCOME_LABELS = {
    Outcome.CREATED: pgettext_lazy("import outcome", "created"),
    Outcome.UPDATED: pgettext_lazy("import outcome", "updated"),
    Outcome.UNCHANGED: pgettext_lazy("import outcome", "unchanged"),
    Outcome.FAILED: pgettext_lazy("import outcome", "failed"),
    Outcome.SKIPPED: pgettext_lazy("import outcome", "skipped"),
}


def outcome_label(outcome: str | None) -> str:
    return OUTCOME_LABELS.get(outcome, outcome or "")


# A running job writes its progress at least once per batch of files; one that has written nothing
# for this long is taken to have lost its worker, and may be run again.
STALL_AFTER = dt.timedelta(minutes=15)
# A job queued this long with no worker taking it is shown with a hint to start one.
WAIT_HINT_AFTER = dt.timedelta(seconds=30)


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    # What the import was asked to do (news.importer.reports.ImportOptions).
    source = models.CharField(_("source"), max_length=200, blank=True)
    publish = models.BooleanField(_("publish new articles"), null=True)
    overwrite = models.BooleanField(_("replace editors' changes"), default=False)
    dry_run = models.BooleanField(_("dry run"), default=False)
    pages = models.BooleanField(_("WordPress pages too"), default=False)
    # Progress, written by the worker as it goes; the per-file report once it is done.
    files_total = models.PositiveIntegerField(_("files"), default=0)
    files_done = models.PositiveIntegerField(_("files done"), default=0)
    counts = models.JSONField(_("outcomes"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    worker = models.CharField(_("worker"), max_length=200, blank=True, help_text="host:pid of the worker running it")
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["state"], name="intake_job_state")]

    def __str__(self):
        names = ", ".join(upload.name for upload in self.uploads.all()[:3])
        return _("Import %(number)s (%(files)s)") % {"number": self.pk, "files": names or _("no files")}

    def options(self) -> ImportOptions:
        return ImportOptions(
            source=self.source, publish=self.publish, overwrite=self.overwrite, dry_run=self.dry_run, pages=self.pages
        )

    @property
    def done(self) -> bool:
        return self.state in (self.State.FINISHED, self.State.FAILED)

    def stalled(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.state == self.State.RUNNING and (self.heartbeat or self.created) < now - STALL_AFTER

    def waiting_long(self, now: dt.datetime | None = None) -> bool:
        return self.state == self.State.QUEUED and self.created < (now or timezone.now()) - WAIT_HINT_AFTER

    def may_run_again(self) -> bool:
        """A failed job, or one whose worker stopped: running its files again doubles nothing."""
        return self.state == self.State.FAILED or self.stalled()

    def outcome_counts(self) -> list[tuple[str, int]]:
        return [(OUTCOME_LABELS[outcome], self.counts.get(outcome.value, 0)) for outcome in Outcome]

    def shown_report(self) -> list[dict]:
        """The report with each outcome's label beside it (`label`), for the job's page."""
        return [
            {
                **row,
                "label": outcome_label(row.get("outcome")),
                "articles": [
                    {**article, "label": outcome_label(article.get("outcome"))} for article in row.get("articles", [])
                ],
            }
            for row in self.report
        ]


class ImportUpload(models.Model):
    """One uploaded file (an article, a feed, or a zip of them) of a job."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    data = models.BinaryField(_("content"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self):
        return self.name


class FeedState(models.Model):
    """What polling a source's feed has found: kept apart from the Source, which editors write,
    so a poll never counts as a content change nor adds to the source's history."""

    source = models.OneToOneField("news.Source", on_delete=models.CASCADE, related_name="feed_state")
    due_at = models.DateTimeField(_("next read"), default=timezone.now, db_index=True)
    # Sent back as If-None-Match / If-Modified-Since: an unchanged feed costs one 304.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_fetched = models.DateTimeField(_("last read"), null=True, blank=True)
    last_status = models.CharField(_("last result"), max_length=300, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    items_imported = models.PositiveIntegerField(_("articles imported"), default=0)

    class Meta:
        verbose_name = _("feed state")
        verbose_name_plural = _("feed states")

    def __str__(self):
        return str(self.source)


class WorkerLease(models.Model):
    """A background worker's lease, renewed while it lives (intake.workers): a task that a worker whose
    lease ran out left "running" is queued again by another."""

    worker = models.CharField(_("worker"), max_length=64, unique=True, help_text="host:pid")
    renewed_at = models.DateTimeField(_("renewed"), db_index=True)

    class Meta:
        verbose_name = _("worker lease")
        verbose_name_plural = _("worker leases")

    def __str__(self):
        return self.worker
