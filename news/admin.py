"""News in the admin: articles with their topics and mentions, sources, topics."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog.admin import PublishingAdmin, thumbnail

from .models import Article, Mention, Source, Topic


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ko", "slug"]
    search_fields = ["name", "name_ko"]
    prepopulated_fields = {"slug": ["name"]}


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["film", "person", "character", "song"]
    fields = ["film", "person", "character", "song", "origin", "excluded"]
    readonly_fields = ["origin"]
    verbose_name_plural = _("mentions (found in the text, or added by hand; tick “not a mention” to remove one)")


@admin.register(Article)
class ArticleAdmin(PublishingAdmin):
    list_display = [
        "hero_thumb",
        "title",
        "source",
        "dated",
        "status",
        "publish_at",
        "visible",
        "needs_review",
    ]
    list_display_links = ["hero_thumb", "title"]
    list_filter = ["status", "needs_review", "language", "source", "topics"]
    list_select_related = ["source", "hero_image"]
    search_fields = ["title", "subtitle", "body", "original_url"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source", "topics", "hero_image", "pinned_related"]
    inlines = [MentionInline]
    actions = ["publish_now", "unpublish", "mark_reviewed"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "subtitle", "summary", "body"]}),
        (_("Origin"), {"fields": ["source", "author", "original_url", "dated", "language"]}),
        (_("Links"), {"fields": ["hero_image", "topics", "pinned_related"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "needs_review", "review_reason"]}),
    ]

    @admin.display(description=_("image"))
    def hero_thumb(self, obj):
        return thumbnail(obj.hero_image, size=48)

    @admin.action(description=_("Mark selected as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = queryset.update(needs_review=False, review_reason="")
        self.message_user(
            request,
            ngettext("%d article marked reviewed.", "%d articles marked reviewed.", count) % count,
            messages.SUCCESS,
        )

    def save_formset(self, request, form, formset, change):
        # A mention an editor adds by hand is theirs: it survives every recompute.
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Mention) and instance._state.adding:
                instance.origin = Mention.Origin.MANUAL
            instance.save()
        for obj in formset.deleted_objects:
            if isinstance(obj, Mention) and obj.origin == Mention.Origin.AUTO:
                # Deleting a found mention would let the matcher find it again; remember the "no".
                obj.excluded = True
                obj.save(update_fields=["excluded"])
            else:
                obj.delete()
        formset.save_m2m()
