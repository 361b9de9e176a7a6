"""Import jobs in the admin: the upload page that starts one, the list, and each job's page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from . import jobs
from .forms import ImportForm
from .models import ImportJob

IMPORT_PERMISSION = "news.import_articles"
RECENT_JOBS = 5


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Adding a job is uploading its files; a job is never edited, only read, run again or deleted."""

    list_display = ["__str__", "state", "progress", "started_by", "created", "finished_at"]
    list_filter = ["state", "dry_run"]
    list_select_related = ["started_by"]
    date_hierarchy = "created"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("uploads").defer("report", "uploads__data")

    @admin.display(description=_("files done"))
    def progress(self, job):
        return f"{job.files_done} / {job.files_total}"

    # Everyone who may import may see the jobs (their own and others'), run them again and delete them.
    def _may_import(self, request) -> bool:
        return request.user.is_active and request.user.has_perm(IMPORT_PERMISSION)

    def has_module_permission(self, request):
        return self._may_import(request)

    def has_view_permission(self, request, obj=None):
        return self._may_import(request)

    def has_add_permission(self, request):
        return self._may_import(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self._may_import(request)

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
        if not self._may_import(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        if jobs.run_again(job):
            messages.success(request, _("The import is queued again. Articles already imported are not doubled."))
        else:
            messages.warning(request, _("This import is not stopped, so it was not queued again."))
        return HttpResponseRedirect(reverse("admin:intake_importjob_change", args=[job.pk]))

    def _context(self, request, title) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title}
