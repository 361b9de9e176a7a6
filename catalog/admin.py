"""The catalog in the admin: films with their releases, credits and praise; people; songs.

`PublishingAdmin` is the editorial workflow every publishable model shares (news uses it too):
drafts and schedules, publish/unpublish buttons and bulk actions for those who hold the
model's `publish_*` permission, previews and shareable preview links, and the history with
rollback (django-simple-history). Contributors, who lack `publish_*`, can only write drafts.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from editorial.forms import PUBLISH_NOW, PUBLISHING_BUTTONS, SCHEDULE, UNPUBLISH, PublishingForm, limit_character_field
from editorial.models import PreviewLink

from .models import (
    Character,
    Company,
    Credit,
    Film,
    FilmCompany,
    Image,
    Person,
    PersonLink,
    Praise,
    Release,
    Song,
    SongCredit,
)
from .publishing import Status

SLUG_HELP = _(
    "The last part of the page's address, filled in from the name as you type. If you change it later, "
    "the old address keeps working: it redirects to the new one."
)


def thumbnail(image, size=64):
    if not image or not image.file:
        return "—"
    name = image.renditions[0]["name"] if image.renditions else image.file.name
    return format_html(
        '<img src="{}" alt="{}" style="max-height:{}px;max-width:{}px;object-fit:cover;border-radius:4px">',
        image.file.storage.url(name),
        image.alt_text,
        size,
        size,
    )


def image_preview(image):
    """A saved picture beside its field in a change form, or a hint when there is none yet."""
    if not image:
        return _("No picture chosen. After you pick one and save, it is shown here.")
    return thumbnail(image, size=240)


def moment(value) -> str:
    """“25 Nov 2026, 09:00 UTC”: a publishing time, unambiguous about its zone."""
    return formats.date_format(timezone.localtime(value), "j M Y, H:i T")


def publication_state(obj) -> str:
    if obj is None or obj.pk is None:
        return str(_("New entries start as drafts."))
    if obj.status == Status.DRAFT:
        return str(_("Draft: visitors cannot see it."))
    when = moment(obj.publish_at)
    if obj.publish_at > timezone.now():
        return str(_("Scheduled: appears by itself on %(when)s.") % {"when": when})
    return str(_("Published since %(when)s.") % {"when": when})


class HelpTextsMixin:
    """Help texts written for editors, added to the form without touching the models."""

    help_texts: dict = {"slug": SLUG_HELP}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        text = {**HelpTextsMixin.help_texts, **self.help_texts}.get(db_field.name)
        if formfield is not None and text:
            formfield.help_text = text
        return formfield


class HistoryAdmin(HelpTextsMixin, SimpleHistoryAdmin):
    """Every change kept: the History page lists who changed what, when, and restores a version."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is not None and not self.has_change_permission(request, current):
            # Judge a restore by the page as it is now, not by the old version being shown.
            if request.method == "POST":
                raise PermissionDenied
            extra_context = {**(extra_context or {}), "revert_disabled": True}
        record = self.model.history.filter(history_id=version_id).first()
        request.editorial_version = record
        if request.method == "POST" and record is not None:
            request.editorial_restoring = record
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        record = getattr(request, "editorial_version", None)
        if record is None:
            return form_class
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

    # --- permissions -------------------------------------------------------------------------

    def has_publish_permission(self, request, obj=None):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self.has_publish_permission(request):
            return True
        # Without the publish permission only drafts are editable: a change to a live page is a publication.
        return obj.status == Status.DRAFT

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
        return [*super().get_readonly_fields(request, obj), "publication_state"]

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
        extra_context = {
            **(extra_context or {}),
            "can_publish": can_publish,
            "publishing_state": publication_state(obj),
            "is_public": bool(obj and obj.is_public),
            **self.preview_link_context(request, obj),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            obj.status = Status.DRAFT
        elif PUBLISH_NOW in request.POST:
            obj.status, obj.publish_at = Status.PUBLISHED, timezone.now()
            obj._change_reason = str(_("Published now"))
        elif SCHEDULE in request.POST:
            obj.status = Status.PUBLISHED
            obj._change_reason = str(_("Scheduled for %(when)s") % {"when": moment(obj.publish_at)})
        elif UNPUBLISH in request.POST:
            obj.status = Status.DRAFT
            obj._change_reason = str(_("Unpublished"))
        super().save_model(request, obj, form, change)

    # --- list -----------------------------------------------------------------------------------

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
                obj.save(update_fields=fields)

    @admin.action(description=_("Publish selected now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        objs = list(queryset)
        for obj in objs:
            obj.status, obj.publish_at = Status.PUBLISHED, now
        self._bulk_update(request, objs, ["status", "publish_at"], _("Published from the list"))
        count = len(objs)
        self.message_user(
            request, ngettext("%d item published.", "%d items published.", count) % count, messages.SUCCESS
        )

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

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
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
        url = request.build_absolute_uri(link.get_absolute_url())
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


@admin.register(Image)
class ImageAdmin(HelpTextsMixin, admin.ModelAdmin):
    list_display = ["preview", "alt_text", "size", "credit", "created"]
    search_fields = ["alt_text", "credit", "file"]
    readonly_fields = ["preview_large", "size", "uploaded_by", "created"]
    fields = ["file", "preview_large", "alt_text", "credit", "size", "uploaded_by", "created"]

    class Media:
        js = ["editorial/admin_forms.js"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj)

    @admin.display(description=_("preview"))
    def preview_large(self, obj):
        if not obj.pk:
            return _("The picture you choose is shown here before you save.")
        return thumbnail(obj, size=320)

    @admin.display(description=_("size"))
    def size(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Company)
class CompanyAdmin(HistoryAdmin):
    search_fields = ["name"]
    list_display = ["name", "website"]


class ReleaseInline(admin.TabularInline):
    model = Release
    extra = 0


class FilmCompanyInline(admin.TabularInline):
    model = FilmCompany
    extra = 0
    autocomplete_fields = ["company"]


class CharacterInline(admin.StackedInline):
    model = Character
    extra = 0
    fields = [("name", "name_ko", "order"), "aliases", "description"]


def changed_object_id(request):
    """The primary key in the admin change URL being served, or None on an add page."""
    match = request.resolver_match
    object_id = match.kwargs.get("object_id") if match else None
    return int(object_id) if object_id and str(object_id).isdigit() else None


class FilmCreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "character", "language", "note", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "film", "character")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "character":
            # Only this film's characters; a new film's characters can be chosen once it is saved.
            film_id = changed_object_id(request)
            formfield.help_text = _("Only this film's characters are listed; add them above and save first.")
            limit_character_field(formfield, Character.objects.filter(film_id=film_id))
        return formfield


class PraiseInline(admin.StackedInline):
    model = Praise
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["quote", ("author", "author_name"), ("source", "source_url"), "order"]


@admin.register(Film)
class FilmAdmin(PublishingAdmin):
    list_display = ["poster_thumb", "name", "name_ko", "year", "status", "publish_at", "visible"]
    list_display_links = ["poster_thumb", "name"]
    list_filter = ["status", "year"]
    search_fields = ["name", "name_ko", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["poster"]
    readonly_fields = ["poster_preview"]
    inlines = [ReleaseInline, FilmCompanyInline, CharacterInline, FilmCreditInline, PraiseInline]
    fieldsets = [
        (None, {"fields": ["name", "name_ko", "slug", "aliases"]}),
        (
            _("About"),
            {
                "fields": [
                    "tagline",
                    "tagline_ko",
                    "synopsis",
                    "synopsis_ko",
                    "year",
                    "runtime_minutes",
                    "genres",
                ]
            },
        ),
        (_("Media"), {"fields": ["poster", "poster_preview", "trailer_url"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
    ]

    class Media:
        js = ["editorial/admin_forms.js"]

    @admin.display(description=_("poster"))
    def poster_thumb(self, obj):
        return thumbnail(obj.poster)

    @admin.display(description=_("current poster"))
    def poster_preview(self, obj):
        return image_preview(obj.poster)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("poster")


@admin.register(Character)
class CharacterAdmin(HistoryAdmin):
    list_display = ["name", "name_ko", "film", "order"]
    list_filter = ["film"]
    search_fields = ["name", "name_ko", "aliases"]
    autocomplete_fields = ["film"]


class PersonCreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    fields = ["film", "role", "character", "language", "note", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "film", "character")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "film":
            # Films are few: a plain list, read once for all rows.
            formfield.choices = [
                ("", formfield.empty_label),
                *((film.pk, film.display_name) for film in Film.objects.all()),
            ]
        elif db_field.name == "character":
            formfield.help_text = _("Pick the film first: only its characters are offered.")
            limit_character_field(formfield, Character.objects.all())
        return formfield


class PersonLinkInline(admin.TabularInline):
    model = PersonLink
    extra = 0


@admin.register(Person)
class PersonAdmin(PublishingAdmin):
    list_display = ["photo_thumb", "name", "name_ko", "roles", "status", "visible"]
    list_display_links = ["photo_thumb", "name"]
    list_filter = ["status", "credits__role", "credits__language", "credits__film"]
    search_fields = ["name", "name_ko", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    readonly_fields = ["photo_preview"]
    inlines = [PersonCreditInline, PersonLinkInline]
    fieldsets = [
        (None, {"fields": ["name", "name_ko", "slug", "aliases"]}),
        (_("About"), {"fields": ["photo", "photo_preview", "bio", "bio_ko", "known_for"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
    ]
    help_texts = {
        "name_ko": _("As written in Hangul, e.g. 김태리. Shown first on Korean pages."),
        "bio": _("A few sentences in our own words; paragraphs separated by blank lines."),
    }

    class Media:
        js = ["editorial/admin_forms.js"]

    @admin.display(description=_("photo"))
    def photo_thumb(self, obj):
        return thumbnail(obj.photo, size=48)

    @admin.display(description=_("current photo"))
    def photo_preview(self, obj):
        return image_preview(obj.photo)

    @admin.display(description=_("roles"))
    def roles(self, obj):
        labels = dict(Credit.Role.choices)
        return ", ".join(sorted({str(labels[c.role]) for c in obj.credits.all()})) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo").prefetch_related("credits").distinct()


class SongCreditInline(admin.TabularInline):
    model = SongCredit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "note", "order"]


@admin.register(Song)
class SongAdmin(PublishingAdmin):
    list_display = ["title", "title_ko", "film", "order", "status", "visible"]
    list_filter = ["status", "film"]
    search_fields = ["title", "title_ko", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["film"]
    inlines = [SongCreditInline]
    fieldsets = [
        (None, {"fields": ["title", "title_ko", "slug", "film", "order"]}),
        (_("About"), {"fields": ["description", "media_url"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film")
