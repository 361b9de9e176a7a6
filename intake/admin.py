"""Intake in the admin: import jobs (the upload page that starts one, the list, each job's page) and
sources' feeds (how each fares, and reading them now)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from editorial.publishing_admin import to_the_minute
from news.admin import SourceAdmin
from news.models import Source

from . import jobs
from .forms import ImportForm
from .models import FeedState, ImportJob
from .schedule import poll_feeds

IMPORT_PERMISSION = "news.import_articles"
RECENT_JOBS = 5


def may_import(request) -> bool:
    """Importing covers everything that brings articles in: uploads, jobs run again, feeds read now."""
    return request.user.is_active and request.user.has_perm(IMPORT_PERMISSION)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Adding a job is uploading its files; a job is never edited, only read, run again or deleted."""

    list_display = ["__str__", "state", "progress", "started_by", "uploaded", "finished"]
    list_filter = ["state", "dry_run"]
    list_select_related = ["started_by"]
    date_hierarchy = "created"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("uploads").defer("report", "uploads__data")

    @admin.display(description=_("uploaded"), ordering="created")
    def uploaded(self, job):
        return to_the_minute(job.created)

    @admin.display(description=_("finished"), ordering="finished_at")
    def finished(self, job):
        return to_the_minute(job.finished_at)

    @admin.display(description=_("files done"))
    def progress(self, job):
        return f"{job.files_done} / {job.files_total}"

    # Everyone who may import may see the jobs (their own and others'), run them again and delete them.
    def has_module_permission(self, request):
        return may_import(request)

    def has_view_permission(self, request, obj=None):
        return may_import(request)

    def has_add_permission(self, request):
        return may_import(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return may_import(request)

    def get_urls(self):
        run_again = self.admin_site.admin_view(self.run_again_view)
        return [path("<int:pk>/run-again/", run_again, name="intake_importjob_run_again"), *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        if request.method == "POST" and form.is_valid():
            job = jobs.start(form.cleaned_data["files"], options=form.options(), user=request.user)
            return HttpResponseRedirect(reverse("admin:intake_importjob_change", args=[job.pk]))
        recent = self.get_queryset(request)[:RECENT_JOBS]
        context = {**self._context(request, _("Import articles")), "form": form, "recent_jobs": recent}
        return TemplateResponse(request, "admin/intake/importjob/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob.objects.select_related("started_by"), pk=object_id)
        context = {
            **self._context(request, str(job)),
            "job": job,
            "original": job,
            "stalled": job.stalled(),
            "waiting_long": job.waiting_long(),
            "may_run_again": job.may_run_again(),
        }
        return TemplateResponse(request, "admin/intake/importjob/job.html", context)

    def run_again_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not may_import(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        if jobs.run_again(job):
            messages.success(request, _("The import is queued again. Articles already imported are not doubled."))
        else:
            messages.warning(request, _("This import is not stopped, so it was not queued again."))
        return HttpResponseRedirect(reverse("admin:intake_importjob_change", args=[job.pk]))

    def _context(self, request, title) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title}


class FeedStateInline(admin.StackedInline):
    """How the source's feed fares: read only, written by the poller."""

    model = FeedState
    fields = readonly_fields = [
        "last_fetched",
        "last_status",
        "items_imported",
        "last_error",
        "last_error_at",
        "due_at",
    ]
    can_delete = False
    extra = 0
    verbose_name = verbose_name_plural = _("feed")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True  # whoever may see the source sees how its feed fares


@admin.register(Source)
class FeedSourceAdmin(SourceAdmin):
    """The news app's source admin, with the feed's state and a way to read it now."""

    inlines = [*SourceAdmin.inlines, FeedStateInline]
    list_display = [*SourceAdmin.list_display, "feed_url", "feed_status"]
    actions = ["read_feeds_now"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("feed_state")

    @admin.display(description=_("feed"))
    def feed_status(self, source):
        state = getattr(source, "feed_state", None)
        if not source.feed_url:
            return "—"
        if state is None or state.last_fetched is None:
            return _("not read yet")
        return f"{localize(localtime(state.last_fetched))}: {state.last_status}"

    def has_import_permission(self, request):
        return may_import(request)

    @admin.action(description=_("Read their feeds now"), permissions=["import"])
    def read_feeds_now(self, request, queryset):
        with_feeds = list(queryset.exclude(feed_url=""))
        for source in with_feeds:
            FeedState.objects.update_or_create(source=source, defaults={"due_at": timezone.now()})
        if with_feeds:
            poll_feeds.enqueue()
        self.message_user(
            request,
            ngettext(
                "%(count)d feed will be read in a moment.", "%(count)d feeds will be read in a moment.", len(with_feeds)
            )
            % {"count": len(with_feeds)},
            messages.SUCCESS if with_feeds else messages.WARNING,
        )
