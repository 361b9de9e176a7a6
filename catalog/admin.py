"""The catalog in the admin: films with their releases, credits and praise; people; songs; images.

The editorial workflow (drafts, schedules, publishing, previews, history) comes from
`editorial.publishing_admin`; this module says which fields and inlines each model shows.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from editorial.publishing_admin import (
    HelpTextsMixin,
    HistoryAdmin,
    PublishingAdmin,
    RevisionedInline,
    RevisionedModelAdmin,
)

from .forms import limit_character_field
from .image_uses import uses_of, with_use_count
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


PICKER_SIZE = 500
"""How many of the newest pictures the article editor offers to insert."""


def picture_choice(image) -> dict:
    name = image.renditions[0]["name"] if image.renditions else image.file.name
    return {"id": image.pk, "alt": image.alt_text, "thumbnail": image.file.storage.url(name)}


def image_preview(image):
    """A saved picture beside its field in a change form, or a hint when there is none yet."""
    if not image:
        return _("No picture chosen. After you pick one and save, it is shown here.")
    return thumbnail(image, size=240)


class UseFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [("yes", _("In use")), ("no", _("Not used anywhere"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(uses__gt=0)
        if self.value() == "no":
            return queryset.filter(uses=0)
        return queryset


@admin.register(Image)
class ImageAdmin(RevisionedModelAdmin, HelpTextsMixin, admin.ModelAdmin):
    """The picture library: thumbnails, alt text, where each is used; unused ones can be found and deleted."""

    list_display = ["preview", "alt_text", "used_in", "size", "credit", "created"]
    list_filter = [UseFilter]
    search_fields = ["alt_text", "alt_text_ko", "credit", "file"]
    readonly_fields = ["preview_large", "size", "uploaded_by", "created", "used_by"]
    fields = ["file", "preview_large", "alt_text", "alt_text_ko", "credit", "size", "uploaded_by", "created", "used_by"]

    def get_queryset(self, request):
        return with_use_count(super().get_queryset(request))

    def get_urls(self):
        choices = self.admin_site.admin_view(self.choices_view)
        return [path("choices/", choices, name="catalog_image_choices"), *super().get_urls()]

    def choices_view(self, request):
        """The newest pictures, for the article editor's "insert a picture" (JSON: id, alt text, thumbnail)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        pictures = Image.objects.only("file", "alt_text", "renditions")[:PICKER_SIZE]
        return JsonResponse({"pictures": [picture_choice(image) for image in pictures]})

    @admin.display(description=_("used"), ordering="uses")
    def used_in(self, obj):
        if not obj.uses:
            return format_html('<span class="state state--draft">{}</span>', _("Not used"))
        return ngettext("%d place", "%d places", obj.uses) % obj.uses

    @admin.display(description=_("used by"))
    def used_by(self, obj):
        rows = uses_of(obj) if obj.pk else []
        if not rows:
            return _("Nothing uses this picture: it can be deleted.")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> <span class="quiet">({})</span>',
            (
                (
                    reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk]),
                    row,
                    row._meta.verbose_name,
                )
                for row in rows
            ),
        )

    def has_delete_permission(self, request, obj=None):
        # A picture in use is not deleted from its page: the pages would lose it without a word.
        if obj is not None and getattr(obj, "uses", 0):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # The list's delete asks about the unused only: the used are kept (and said so), not a refusal.
        return super().get_deleted_objects([obj for obj in objs if not getattr(obj, "uses", 0)], request)

    def delete_queryset(self, request, queryset):
        kept = queryset.filter(uses__gt=0).count()
        for image in queryset.filter(uses=0):
            self.delete_model(request, image)
        if kept:
            message = ngettext(
                "%d picture is still in use and was kept.", "%d pictures are still in use and were kept.", kept
            )
            self.message_user(request, message % kept, messages.WARNING)

    def delete_model(self, request, obj):
        files = [obj.file.name, *(rendition["name"] for rendition in obj.renditions or [])]
        storage = obj.file.storage
        super().delete_model(request, obj)
        # The files go once the row is surely gone (a rolled-back delete keeps them).
        transaction.on_commit(lambda: [storage.delete(name) for name in files if name])

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


class ReleaseInline(RevisionedInline, admin.StackedInline):
    """Stacked, each Korean field beside its English one: as table columns they ran off the screen."""

    model = Release
    extra = 0
    fields = [
        ("date", "kind"),
        ("region", "region_ko"),
        ("platform", "platform_ko"),
        ("note", "note_ko"),
        "watch_url",
    ]


class FilmCompanyInline(RevisionedInline, admin.TabularInline):
    model = FilmCompany
    extra = 0
    autocomplete_fields = ["company"]


class CharacterInline(RevisionedInline, admin.StackedInline):
    model = Character
    extra = 0
    fields = [("name", "name_ko", "order"), "aliases", ("description", "description_ko")]


def changed_object_id(request):
    """The primary key in the admin change URL being served, or None on an add page."""
    match = request.resolver_match
    object_id = match.kwargs.get("object_id") if match else None
    return int(object_id) if object_id and str(object_id).isdigit() else None


class FilmCreditInline(RevisionedInline, admin.TabularInline):
    model = Credit
    extra = 0
    other_side = "person"
    autocomplete_fields = ["person"]
    fields = ["person", "role", "character", "language", "note", "note_ko", "order"]

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


class PraiseInline(RevisionedInline, admin.StackedInline):
    model = Praise
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["quote", "language", ("author", "author_name"), ("source", "source_url"), "order"]


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
                    "genres_ko",
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


class PersonCreditInline(RevisionedInline, admin.TabularInline):
    model = Credit
    extra = 0
    other_side = "film"
    fields = ["film", "role", "character", "language", "note", "note_ko", "order"]

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


class PersonLinkInline(RevisionedInline, admin.TabularInline):
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
        (_("About"), {"fields": ["photo", "photo_preview", "bio", "bio_ko", "known_for", "known_for_ko"]}),
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


class SongCreditInline(RevisionedInline, admin.TabularInline):
    model = SongCredit
    extra = 0
    other_side = "person"
    autocomplete_fields = ["person"]
    fields = ["person", "role", "note", "note_ko", "order"]


@admin.register(Song)
class SongAdmin(PublishingAdmin):
    list_display = ["title", "title_ko", "film", "order", "status", "visible"]
    list_filter = ["status", "film"]
    search_fields = ["title", "title_ko", "description", "description_ko"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["film"]
    inlines = [SongCreditInline]
    fieldsets = [
        (None, {"fields": ["title", "title_ko", "slug", "film", "order"]}),
        (_("About"), {"fields": ["description", "description_ko", "duration", "context", "context_ko", "media_url"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film")
