"""The admin's "Import articles" page: uploads (or a zip of them) through the same importer."""

import zipfile
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .importer.parsing import check_file
from .importer.reports import FileReport, ImportOptions, Outcome
from .importer.runs import import_many

IMPORT_PERMISSION = "news.import_articles"
ZIP_MAX_ENTRIES = 20_000
ZIP_MAX_TOTAL_BYTES = 500 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."), code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "Plain text, Markdown, HTML, JSON, RSS or Atom files, or a .zip of them. Up to %(mb)s MB per article file."
        )
        % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
    )
    status = forms.ChoiceField(
        label=_("New articles are"),
        choices=[("draft", _("Drafts (review, then publish)")), ("publish", _("Published at once"))],
        initial="draft",
        widget=forms.RadioSelect,
    )
    source = forms.CharField(
        label=_("Source"), required=False, max_length=200, help_text=_("Overrides the source the files name.")
    )
    overwrite = forms.BooleanField(
        label=_("Replace editors' changes"),
        required=False,
        help_text=_("Otherwise titles, topics and status edited here are kept."),
    )
    dry_run = forms.BooleanField(label=_("Dry run: report only, save nothing"), required=False)


def _zip_items(upload) -> list:
    """Each member of a zip as an import item; a bad archive or a bomb is one failed item."""
    name = upload.name
    try:
        archive = zipfile.ZipFile(upload)
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return [(name, _failure(name, f"not a readable zip archive ({exc})"))]
    if len(members) > ZIP_MAX_ENTRIES or sum(info.file_size for info in members) > ZIP_MAX_TOTAL_BYTES:
        return [(name, _failure(name, "zip archive too large to import at once"))]
    items = []
    for info in members:
        path = PurePosixPath(info.filename)
        if any(part.startswith(".") or part == "__MACOSX" for part in path.parts):
            continue
        label = f"{name}/{info.filename}"
        items.append((label, _member_loader(archive, info, label)))
    return items


def _member_loader(archive, info, label):
    def load():
        refused = check_file(label, info.file_size, max_bytes=settings.IMPORT_MAX_BYTES, skip_unknown=True)
        if refused:
            return refused
        try:
            with archive.open(info) as member:
                data = member.read(settings.IMPORT_MAX_BYTES + 1)  # never trust the declared size
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            return FileReport(label, Outcome.FAILED, f"cannot read from the archive ({exc})")
        return check_file(label, len(data), max_bytes=settings.IMPORT_MAX_BYTES) or data

    return load


def _failure(name, reason):
    return lambda: FileReport(name, Outcome.FAILED, reason)


def _upload_loader(upload):
    def load():
        return check_file(upload.name, upload.size, max_bytes=settings.IMPORT_MAX_BYTES) or upload.read()

    return load


def upload_items(uploads) -> list:
    items = []
    for upload in uploads:
        if upload.name.lower().endswith(".zip"):
            items += _zip_items(upload)
        else:
            items.append((upload.name, _upload_loader(upload)))
    return items


def import_view(model_admin, request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    summary = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            options = ImportOptions(
                source=data["source"],
                publish=data["status"] == "publish",
                overwrite=data["overwrite"],
                dry_run=data["dry_run"],
            )
            summary = import_many(upload_items(data["files"]), options=options)
    else:
        form = ImportForm()
    context = {
        **admin.site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import articles"),
        "form": form,
        "summary": summary,
        "counts": [(outcome.value, summary.count(outcome)) for outcome in Outcome] if summary else [],
        "dry_run": bool(summary) and form.cleaned_data.get("dry_run"),
    }
    return TemplateResponse(request, "admin/news/article/import_articles.html", context)
