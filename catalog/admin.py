"""The catalog in the admin: films with their releases, credits and praise; people; songs."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


class PublishingAdmin(admin.ModelAdmin):
    """Status and schedule in every list, with publish and unpublish as bulk actions."""

    actions = ["publish_now", "unpublish"]

    @admin.display(description=_("visible"), boolean=True)
    def visible(self, obj):
        return obj.is_public

    @admin.action(description=_("Publish selected now"), permissions=["change"])
    def publish_now(self, request, queryset):
        count = queryset.update(status=Status.PUBLISHED, publish_at=timezone.now())
        self.message_user(
            request, ngettext("%d item published.", "%d items published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish selected (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(status=Status.DRAFT)
        self.message_user(
            request,
            ngettext("%d item unpublished.", "%d items unpublished.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "alt_text", "size", "credit", "created"]
    search_fields = ["alt_text", "credit", "file"]
    readonly_fields = ["preview_large", "size", "uploaded_by", "created"]
    fields = ["file", "preview_large", "alt_text", "credit", "size", "uploaded_by", "created"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj)

    @admin.display(description=_("preview"))
    def preview_large(self, obj):
        return thumbnail(obj, size=320)

    @admin.display(description=_("size"))
    def size(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
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


class FilmCreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person", "character"]
    fields = ["person", "role", "character", "language", "note", "order"]


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
        (_("Media"), {"fields": ["poster", "trailer_url"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
    ]

    @admin.display(description=_("poster"))
    def poster_thumb(self, obj):
        return thumbnail(obj.poster)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("poster")


@admin.register(Character)
class CharacterAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ko", "film", "order"]
    list_filter = ["film"]
    search_fields = ["name", "name_ko", "aliases"]
    autocomplete_fields = ["film"]


class PersonCreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["film", "character"]
    fields = ["film", "role", "character", "language", "note", "order"]


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
    inlines = [PersonCreditInline, PersonLinkInline]
    fieldsets = [
        (None, {"fields": ["name", "name_ko", "slug", "aliases"]}),
        (_("About"), {"fields": ["photo", "bio", "bio_ko", "known_for"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
    ]

    @admin.display(description=_("photo"))
    def photo_thumb(self, obj):
        return thumbnail(obj.photo, size=48)

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
