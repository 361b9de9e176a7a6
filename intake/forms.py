"""The admin's import form: files (or zips of them) and what to do with the articles they hold."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from news.importer.reports import ImportOptions
from news.models import Source


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
    )
    status = forms.ChoiceField(
        label=_("New articles are"),
        choices=[("draft", _("Drafts (review, then publish)")), ("publish", _("Published at once"))],
        initial="draft",
        widget=forms.RadioSelect,
    )
    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=Source.objects.order_by("name"),
        required=False,
        empty_label=_("The one each file names"),
        help_text=_("Overrides the source the files name."),
    )
    overwrite = forms.BooleanField(
        label=_("Replace editors' changes"),
        required=False,
        help_text=_("Otherwise titles, topics and status edited here are kept."),
    )
    dry_run = forms.BooleanField(label=_("Dry run: report only, save nothing"), required=False)
    pages = forms.BooleanField(
        label=_("WordPress pages too"),
        required=False,
        help_text=_("A WordPress export's pages become articles too; otherwise only its posts do."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not on the field: a class attribute would be translated once, at import, in English.
        self.fields["files"].help_text = _(
            "Plain text, Markdown, HTML, JSON, RSS or Atom files, WordPress exports, or a .zip of them. "
            "Up to %(mb)s MB per article file."
        ) % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}

    def clean_files(self):
        files = self.cleaned_data["files"]
        total = sum(upload.size for upload in files)
        if total > settings.IMPORT_JOB_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "These files hold %(size)s; an import from the admin takes up to %(limit)s. "
                    "Upload them in parts, or import them with the import_articles command."
                ),
                params={"size": filesizeformat(total), "limit": filesizeformat(settings.IMPORT_JOB_MAX_BYTES)},
                code="too_large",
            )
        return files

    def options(self) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(
            source=data["source"].name if data["source"] else "",
            publish=data["status"] == "publish",
            overwrite=data["overwrite"],
            dry_run=data["dry_run"],
            pages=data["pages"],
        )
