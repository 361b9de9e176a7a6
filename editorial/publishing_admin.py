"""The editorial workflow every publishable model shares in the admin.

Drafts and schedules, publish/unpublish buttons and bulk actions for those who hold the model's
`publish_*` permission, previews and shareable preview links, and the history with rollback
(django-simple-history). Contributors, who lack `publish_*`, can only write drafts, and change or
restore only those they made. Nothing here
names a content model: the content apps' admins subclass these.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from . import workflow
from .cleaning import clean_as_saved
from .edit_conflicts import RevisionForm, conflicts_of
from .forms import (
    PUBLISH_CONFIRMED,
    PUBLISH_NOW,
    PUBLISHING_BUTTONS,
    REVIEW_COMMENT,
    SCHEDULE,
    SEND_BACK,
    SUBMIT_FOR_REVIEW,
    UNPUBLISH,
    PublishingForm,
)
from .history import ReadableChanges
from .models import PreviewLink, ReviewRequest
from .publishing import Status, moment, public_q
from .revisions import EditConflict, Revisioned
from .rich_text import SHORT_TEXT, RichTextWidget

SLUG_HELP = _(
    "The last part of the page's address, filled in from the name as you type. If you change it later, "
    "the old address keeps working: it redirects to the new one."
)


def to_the_minute(value) -> str:
    """A time with its date and minutes, in the reader's language: “Dec. 7, 2026, 13:05”, “2026년 12월 7일, 13:05”
    (DATETIME_FORMAT leaves the minutes out on the hour: “1 p.m.”)."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATE_FORMAT')}, {local:%H:%M}"


def state_of(obj) -> str:
    """ "draft", "scheduled" or "published": the row's own state (what it depends on aside)."""
    if obj.status == Status.DRAFT:
        return "draft"
    return "scheduled" if obj.publish_at > timezone.now() else "published"


STATE_LABELS = {"draft": _("Draft"), "scheduled": _("Scheduled"), "published": _("Published")}


class StateFilter(admin.SimpleListFilter):
    """Draft, scheduled or published: a scheduled row is not "published" until its time comes."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(STATE_LABELS.items())

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "draft":
            return queryset.filter(status=Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "published":
            return queryset.filter(status=Status.PUBLISHED, publish_at__lte=now)
        return queryset


class ReviewStepFilter(admin.SimpleListFilter):
    """Drafts submitted for review, or sent back to their writers."""

    title = _("review step")
    parameter_name = "review_step"

    def lookups(self, request, model_admin):
        return list(workflow.SHOWN_STEPS.items())

    def queryset(self, request, queryset):
        if self.value() in workflow.SHOWN_STEPS:
            return workflow.at_step(queryset, self.value())
        return queryset


def badge(kind: str, label, title: str = ""):
    return format_html('<span class="state state--{}" title="{}">{}</span>', kind, title, label)


def step_badge(step: str | None):
    """“Submitted” or “Sent back”, or nothing for an entry no review is open for."""
    if step not in workflow.SHOWN_STEPS:
        return ""
    return badge(step, workflow.SHOWN_STEPS[step])


def publication_state(obj) -> str:
    if obj is None or obj.pk is None:
        return str(_("New entries start as drafts."))
    if obj.status == Status.DRAFT:
        return str(_("Draft: visitors cannot see it."))
    when = moment(obj.publish_at)
    if obj.publish_at > timezone.now():
        return str(_("Scheduled: appears by itself on %(when)s.") % {"when": when})
    return str(_("Published since %(when)s.") % {"when": when})


def clear_review_flag(obj) -> None:
    """An import's "needs review" flag and reason, cleared when an editor publishes it knowingly."""
    if getattr(obj, "needs_review", False):
        obj.needs_review, obj.review_reason = False, ""


class HelpTextsMixin:
    """Help texts written for editors, added to the form without touching the models; and the
    rich-text editor on the fields a model stores as HTML (its `rich_text_fields`)."""

    help_texts: dict = {"slug": SLUG_HELP}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in getattr(self.model, "rich_text_fields", ()):
            kwargs["widget"] = RichTextWidget(SHORT_TEXT)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        text = {**HelpTextsMixin.help_texts, **self.help_texts}.get(db_field.name)
        if formfield is not None and text:
            formfield.help_text = text
        return formfield


class RevisionedAdminMixin:
    """A form (or an inline's rows) carrying the revision it was opened at, so that a save based on an
    older one comes back with what changed since instead of undoing it (`editorial.edit_conflicts`)."""

    form = RevisionForm

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return _with_revision(self.model, fields)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        named = {name for _title, options in fieldsets for line in options["fields"] for name in _names(line)}
        if not issubclass(self.model, Revisioned) or "revision" in named or not fieldsets:
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], "revision"]}), *rest]


def _names(line) -> tuple:
    return tuple(line) if isinstance(line, list | tuple) else (line,)


def _with_revision(model, fields):
    if not issubclass(model, Revisioned) or any("revision" in _names(line) for line in fields):
        return fields
    return [*fields, "revision"]


class RevisionedInlineFormSet(BaseInlineFormSet):
    # Set per request by RevisionedInline.get_formset for rows that link the page to another entry.
    other_side: str | None = None
    may_change_entry = None

    def clean(self):
        super().clean()
        # A row marked for deletion is not validated as part of the formset: its conflict would be lost.
        if any(getattr(form, "conflict", None) is not None for form in self.deleted_forms):
            raise ValidationError(
                _("A row you are deleting was changed by someone else since you opened this page: see above.")
            )
        if self.other_side and self.may_change_entry:
            self._check_other_sides()

    def _check_other_sides(self) -> None:
        """An existing row that links this entry to another belongs to that one too: it is changed or
        deleted only by someone who may change that entry (a credit on an editor's film is theirs)."""
        field = self.model._meta.get_field(self.other_side)
        for form in self.initial_forms:
            if not (form.has_changed() or form in self.deleted_forms):
                continue
            sides = {form.initial.get(self.other_side), getattr(form.cleaned_data.get(self.other_side), "pk", None)}
            entries = field.related_model._base_manager.filter(pk__in=[pk for pk in sides if pk is not None])
            for entry in entries:
                if not self.may_change_entry(entry):
                    raise ValidationError(
                        _("A row here links to “%(entry)s”, which only its writer or an editor may change.")
                        % {"entry": entry}
                    )


class RevisionedInline(RevisionedAdminMixin):
    """For the inlines of a change page: each row carries its own revision."""

    formset = RevisionedInlineFormSet
    other_side: str | None = None  # the field naming the other entry a row links (a credit's film or person)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # a class made for this request
        if self.other_side:
            formset.other_side = self.other_side
            formset.may_change_entry = staticmethod(lambda entry: self._may_change(request, entry))
        return formset

    def _may_change(self, request, entry) -> bool:
        entry_admin = self.admin_site._registry.get(type(entry))
        return entry_admin is not None and entry_admin.has_change_permission(request, entry)


class RevisionedModelAdmin(RevisionedAdminMixin):
    """A model admin whose change page says what changed since it was opened, when anything did."""

    change_form_template = "admin/revisions/change_form.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Someone saved between this form's check and its save (the save was rolled back): the
            # check now sees their revision and shows what changed.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        forms = [context["adminform"].form, *(inline.formset for inline in context.get("inline_admin_formsets", []))]
        context["edit_conflicts"] = conflicts_of(forms)
        return super().render_change_form(request, context, add, change, form_url, obj)


class HistoryAdmin(RevisionedModelAdmin, HelpTextsMixin, SimpleHistoryAdmin):
    """Every change kept: the History page lists who changed what, when, and restores a version."""

    object_history_form_template = "admin/publishing/object_history_form.html"
    object_history_list_template = "admin/publishing/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            return self._history_form_view(request, object_id, version_id, extra_context)
        except EditConflict:  # as in changeform_view: saved meanwhile, so check again
            return self._history_form_view(request, object_id, version_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        if "adminform" in context:  # the restore page (the history list has no form)
            context["edit_conflicts"] = conflicts_of([context["adminform"].form])
        return super().render_history_view(request, template, context, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        user_model = get_user_model()._meta
        if not request.user.has_perm(f"{user_model.app_label}.view_{user_model.model_name}"):
            # "Changed by" names the person; a link would lead editors to a page they may not open.
            extra_context = {**(extra_context or {}), "admin_user_view": ""}
        return super().history_view(request, object_id, extra_context)

    @transaction.atomic
    def _history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            # A deleted entry is not brought back from its history: that would be a way round the delete
            # and add permissions, and an article's history lacks the fields it keeps out of it.
            raise Http404(_("This entry was deleted; its history can be read but not restored."))
        if not self.has_change_permission(request, current):
            # Judge a restore by the page as it is now, not by the old version being shown.
            if request.method == "POST":
                raise PermissionDenied
            extra_context = {**(extra_context or {}), "revert_disabled": True}
        record = self.model.history.filter(history_id=version_id).first()
        request.editorial_version = record
        request.editorial_current = current
        if request.method == "POST" and record is not None:
            request.editorial_restoring = record
        # Say exactly what a restore brings back: this entry's own fields and the links its history
        # keeps (an article's topics), not the rows edited inline below, which keep their current state.
        extra_context = {
            **(extra_context or {}),
            "restored_links": [field.verbose_name for field in getattr(record, "_history_m2m_fields", [])],
            "kept_rows": [
                inline.model._meta.verbose_name_plural for inline in self.get_inline_instances(request, current)
            ],
        }
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        record = getattr(request, "editorial_version", None)
        if record is None:
            return form_class
        current = getattr(request, "editorial_current", None)
        if current is not None and issubclass(self.model, Revisioned):
            # A restore is based on the row as it was when the restore page was opened, not on the
            # old version it brings back.
            form_class = type(form_class.__name__, (form_class,), {"opened_row": current})
        # A version's many-to-many links (an article's topics) come from the history too, not from today.
        initial = {
            field.name: list(
                getattr(record, field.name).values_list(f"{get_m2m_reverse_field_name(field)}_id", flat=True)
            )
            for field in getattr(record, "_history_m2m_fields", [])
            if field.name in form_class.base_fields
        }
        if not initial:
            return form_class

        class VersionForm(form_class):
            def __init__(self, *args, **form_kwargs):
                form_kwargs["initial"] = {**initial, **(form_kwargs.get("initial") or {})}
                super().__init__(*args, **form_kwargs)

        return VersionForm

    def save_model(self, request, obj, form, change):
        record = getattr(request, "editorial_restoring", None)
        if record is not None:
            when = moment(record.history_date)
            obj._change_reason = str(_("Restored the version of %(when)s") % {"when": when})
        super().save_model(request, obj, form, change)


class PublishingAdmin(HistoryAdmin):
    """Status and schedule in every list and form; publishing is for those allowed to publish."""

    form = PublishingForm
    actions = ["publish_now", "unpublish"]
    change_form_template = "admin/publishing/change_form.html"
    # Fields that decide with the publishing (an import's review flag): read-only to those who cannot
    # publish, and kept as they are when such a person saves or restores a version.
    publisher_fields: tuple[str, ...] = ()
    # Whether the change form shows the public page beside it, drawn by `live_preview_page`.
    has_live_preview = False

    # --- permissions -------------------------------------------------------------------------

    def has_publish_permission(self, request, obj=None):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self.has_publish_permission(request):
            return True
        # Without the publish permission only one's own drafts are editable: a change to a live page is a
        # publication, and another's draft (or an import) is theirs or the editors' to finish.
        return obj.status == Status.DRAFT and obj.created_by_id is not None and obj.created_by_id == request.user.pk

    # --- the form ----------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_publish_permission(request):
            return fieldsets
        # Those who cannot publish see where the entry stands instead of the fields that decide it.
        result = []
        for name, options in fieldsets:
            fields = [
                "publication_state" if field == "status" else field
                for field in options["fields"]
                if field != "publish_at"
            ]
            result.append((name, {**options, "fields": fields}))
        return result

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "publication_state"]
        if not self.has_publish_permission(request):
            readonly += self.publisher_fields
        return readonly

    @admin.display(description=_("now"))
    def publication_state(self, obj):
        return publication_state(obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("status", Status.DRAFT)  # going live is a decision, not a default
        return initial

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        can_publish = self.has_publish_permission(request)
        if request.method == "POST" and not can_publish and PUBLISHING_BUTTONS.intersection(request.POST):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        review = None
        if obj is not None:
            review = ReviewRequest.objects.for_object(obj).select_related("submitted_by", "decided_by").first()
        extra_context = {
            **(extra_context or {}),
            "can_publish": can_publish,
            "publishing_state": publication_state(obj),
            "is_public": bool(obj and obj.is_public),
            "review": review,
            "review_badge": step_badge(review.state if review else None),
            "is_draft": obj is None or obj.status == Status.DRAFT,
            "live_preview_url": self._live_preview_url(obj) if self.has_live_preview else "",
            **self.preview_link_context(request, obj),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # Saving a live entry again is no news to its writer; making it live (or moving its time) is.
        publishing = PUBLISH_NOW in request.POST or SCHEDULE in request.POST
        was_live = publishing and change and type(obj)._base_manager.filter(public_q(), pk=obj.pk).exists()
        if not change:
            obj.created_by = request.user
        if not self.has_publish_permission(request):
            obj.status = Status.DRAFT
            self._keep_publisher_fields(obj)
            if SUBMIT_FOR_REVIEW in request.POST:
                obj._change_reason = str(_("Submitted for review"))
        elif PUBLISH_NOW in request.POST:
            obj.status, obj.publish_at = Status.PUBLISHED, timezone.now()
            obj._change_reason = str(_("Published now"))
            if PUBLISH_CONFIRMED in request.POST:
                clear_review_flag(obj)  # the editor said it is checked (PublishingForm asked)
        elif SCHEDULE in request.POST:
            obj.status = Status.PUBLISHED
            obj._change_reason = str(_("Scheduled for %(when)s") % {"when": moment(obj.publish_at)})
        elif UNPUBLISH in request.POST:
            obj.status = Status.DRAFT
            obj._change_reason = str(_("Unpublished"))
        elif SEND_BACK in request.POST:
            obj.status = Status.DRAFT
            comment = request.POST.get(REVIEW_COMMENT, "").strip()[:2000]
            obj._change_reason = str(_("Sent back for changes: %(comment)s") % {"comment": comment})[:100]
        super().save_model(request, obj, form, change)
        self._record_review_step(request, obj, announce=not was_live)

    def _keep_publisher_fields(self, obj) -> None:
        """The saved values of `publisher_fields`, over whatever a form or an old version brought."""
        if obj.pk is None or not self.publisher_fields:
            return
        saved = type(obj)._base_manager.filter(pk=obj.pk).values(*self.publisher_fields).first()
        for name, value in (saved or {}).items():
            setattr(obj, name, value)

    def _record_review_step(self, request, obj, announce: bool) -> None:
        """The review request follows the buttons: submitted, sent back with a comment, or approved."""
        language = getattr(request, "LANGUAGE_CODE", None)
        if SUBMIT_FOR_REVIEW in request.POST and not self.has_publish_permission(request):
            workflow.submit(obj, user=request.user, language=language)
            messages.info(request, _("Submitted: it is in the editors' review queue."))
        elif SEND_BACK in request.POST:
            comment = request.POST.get(REVIEW_COMMENT, "").strip()[:2000]
            workflow.send_back(obj, user=request.user, comment=comment, language=language)
        elif PUBLISH_NOW in request.POST or SCHEDULE in request.POST:
            workflow.approve(obj, user=request.user, announce=announce, language=language)

    # --- list -----------------------------------------------------------------------------------

    def get_list_display(self, request):
        return ["state" if name == "status" else name for name in super().get_list_display(request)]

    def get_list_filter(self, request):
        filters = []
        for name in super().get_list_filter(request):
            filters += [StateFilter, ReviewStepFilter] if name == "status" else [name]
        return filters

    def get_queryset(self, request):
        return workflow.with_step(super().get_queryset(request))

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        kind = state_of(obj)
        shown = badge(kind, STATE_LABELS[kind], moment(obj.publish_at) if kind != "draft" else "")
        step = step_badge(getattr(obj, "review_step", None))
        return format_html("{} {}", shown, step) if step else shown

    @admin.display(description=_("visible"), boolean=True)
    def visible(self, obj):
        return obj.is_public

    def _bulk_update(self, request, objs, fields, reason):
        """Save each row (not one UPDATE) so history, mentions and the search index all hear of it."""
        if any(field.name == "updated" for field in self.opts.fields):
            fields = [*fields, "updated"]
        with transaction.atomic():
            for obj in objs:
                obj._history_user = request.user
                obj._change_reason = str(reason)
                try:
                    with transaction.atomic():
                        obj.save(update_fields=fields)
                except EditConflict:
                    # Saved by someone else since the list was read. The action writes only its own
                    # fields, so it goes on top of that save instead of failing the whole selection.
                    obj.revision = type(obj)._base_manager.values_list("revision", flat=True).get(pk=obj.pk)
                    obj.save(update_fields=fields)

    @admin.action(description=_("Publish selected now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        unreviewed = self._needing_review(queryset)
        if unreviewed and "confirmed" not in request.POST:
            return self._confirm_publishing(request, queryset, unreviewed)
        now = timezone.now()
        objs = list(queryset)
        was_live = {obj.pk for obj in objs if obj.is_marked_public}
        fields = ["status", "publish_at"]
        if unreviewed:  # confirmed: the editor has checked the flagged rows
            fields += ["needs_review", "review_reason"]
        for obj in objs:
            obj.status, obj.publish_at = Status.PUBLISHED, now
            clear_review_flag(obj)
        self._bulk_update(request, objs, fields, _("Published from the list"))
        for obj in objs:
            workflow.approve(obj, user=request.user, announce=obj.pk not in was_live)
        count = len(objs)
        self.message_user(
            request, ngettext("%d item published.", "%d items published.", count) % count, messages.SUCCESS
        )

    def _needing_review(self, queryset) -> int:
        if not any(field.name == "needs_review" for field in self.opts.fields):
            return 0
        return queryset.filter(needs_review=True).count()

    def _confirm_publishing(self, request, queryset, unreviewed: int):
        """A page that says how many of the chosen rows still need review, and asks before publishing."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publish these now?"),
            "opts": self.opts,
            "count": queryset.count(),
            "unreviewed": unreviewed,
            "ids": [str(pk) for pk in queryset.values_list("pk", flat=True)],
            "unreviewed_rows": list(queryset.filter(needs_review=True)[:20]),
        }
        return TemplateResponse(request, "admin/publishing/confirm_publish.html", context)

    @admin.action(description=_("Unpublish selected (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        objs = list(queryset)
        for obj in objs:
            obj.status = Status.DRAFT
        self._bulk_update(request, objs, ["status"], _("Unpublished from the list"))
        count = len(objs)
        self.message_user(
            request,
            ngettext("%d item unpublished.", "%d items unpublished.", count) % count,
            messages.SUCCESS,
        )

    # --- shareable preview links -------------------------------------------------------------------

    def has_share_permission(self, request, obj=None):
        return request.user.has_perm("editorial.add_previewlink") and self.has_view_or_change_permission(request, obj)

    def preview_link_context(self, request, obj):
        if obj is None or not self.has_share_permission(request, obj):
            return {"can_share": False}
        links = list(PreviewLink.objects.for_object(obj).active().select_related("created_by")[:20])
        return {"can_share": True, "preview_links": links, "preview_lifetimes": PreviewLink.Lifetime.choices}

    # --- live preview -------------------------------------------------------------------------------

    def live_preview_page(self, request, obj, form):
        """The response of the public page showing `obj` as the form left it, unsaved (`form` holds
        what the form read); models with `has_live_preview` say how."""
        raise NotImplementedError

    def _live_preview_url(self, obj) -> str:
        info = self.opts.app_label, self.opts.model_name
        if obj is None:
            return reverse("admin:{}_{}_live_preview".format(*info))
        return reverse("admin:{}_{}_live_preview_change".format(*info), args=[obj.pk])

    def live_preview_view(self, request, object_id=None):
        return never_cache(require_POST(self._live_preview))(request, object_id)

    def _live_preview(self, request, object_id):
        """The public page built from the form's data as sent, in the language asked; saves nothing."""
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and obj is None:
            raise PermissionDenied  # unknown or hidden: say no more than “not allowed”
        allowed = self.has_view_or_change_permission(request, obj) if obj else self.has_add_permission(request)
        if not (self.has_live_preview and allowed):
            raise PermissionDenied
        form = self.get_form(request, obj, change=obj is not None)(request.POST, request.FILES, instance=obj)
        form.is_valid()  # the instance takes every valid field; an invalid one keeps its saved value
        instance = form.instance
        try:
            clean_as_saved(type(instance), instance)  # the page shows what a save would store
        except ValidationError:
            pass  # a bad web address: the form says so beside the field when saved
        language = request.POST.get("preview_language")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            response = self.live_preview_page(request, instance, form)
            response.render()
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "live-preview/",
                self.admin_site.admin_view(self.live_preview_view),
                name="{}_{}_live_preview".format(*info),
            ),
            path(
                "<path:object_id>/live-preview/",
                self.admin_site.admin_view(self.live_preview_view),
                name="{}_{}_live_preview_change".format(*info),
            ),
            path(
                "<path:object_id>/preview-links/",
                self.admin_site.admin_view(self.create_preview_link_view),
                name="{}_{}_preview_link".format(*info),
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                self.admin_site.admin_view(self.revoke_preview_link_view),
                name="{}_{}_preview_link_revoke".format(*info),
            ),
            *super().get_urls(),
        ]

    def _change_url(self, obj):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])

    def _shared_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise PermissionDenied  # unknown or hidden: say no more than “not allowed”
        if not self.has_share_permission(request, obj):
            raise PermissionDenied
        return obj

    def create_preview_link_view(self, request, object_id):
        return require_POST(self._create_preview_link)(request, object_id)

    def _create_preview_link(self, request, object_id):
        obj = self._shared_object(request, object_id)
        try:
            days = int(request.POST.get("days", PreviewLink.Lifetime.WEEK))
        except ValueError:
            days = 0
        if days not in PreviewLink.Lifetime.values:
            self.message_user(request, _("Choose how long the link should work."), messages.ERROR)
            return HttpResponseRedirect(self._change_url(obj))
        link = PreviewLink.create_for(obj, user=request.user, days=days)
        url = request.build_absolute_uri(link.shared_url())
        self.message_user(
            request,
            format_html(
                "{} <a href='{}'>{}</a>",
                _("Preview link made; anyone with it can see this page until it expires:"),
                url,
                url,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(obj))

    def revoke_preview_link_view(self, request, object_id, link_id):
        return require_POST(self._revoke_preview_link)(request, object_id, link_id)

    def _revoke_preview_link(self, request, object_id, link_id):
        obj = self._shared_object(request, object_id)
        if not request.user.has_perm("editorial.change_previewlink"):
            raise PermissionDenied
        link = get_object_or_404(PreviewLink.objects.for_object(obj), pk=link_id)
        link.revoke()
        self.message_user(request, _("The preview link no longer works."), messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj))
