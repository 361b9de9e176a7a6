"""News in the admin: articles with their topics and mentions, sources, topics."""

from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import RedirectView

from catalog.admin import image_preview, thumbnail
from editorial.publishing_admin import HistoryAdmin, PublishingAdmin, badge
from editorial.rich_text import RichTextWidget

from .models import Article, Mention, Source, Topic
from .writing import hold, write_derived


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["name", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
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
    change_list_template = "admin/news/article/change_list.html"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = RichTextWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        # Imports run as background jobs now (the intake app); the page's old address still leads there.
        moved = RedirectView.as_view(pattern_name="admin:intake_importjob_add")
        return [path("import/", self.admin_site.admin_view(moved), name="news_article_import"), *super().get_urls()]

    list_display = [
        "hero_thumb",
        "title",
        "source",
        "shown_at",
        "status",
        "publish_at",
        "visible",
        "review",
    ]
    list_display_links = ["hero_thumb", "title"]
    list_filter = ["status", "needs_review", "language", "source", "topics"]
    list_select_related = ["source", "hero_image"]
    search_fields = ["title", "subtitle", "body", "original_url"]
    date_hierarchy = "shown_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source", "topics", "hero_image", "pinned_related"]
    inlines = [MentionInline]
    actions = ["publish_now", "unpublish", "mark_reviewed"]
    readonly_fields = ["hero_preview"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "subtitle", "summary", "body"]}),
        (_("Origin"), {"fields": ["source", "author", "original_url", "dated", "language"]}),
        (_("Links"), {"fields": ["hero_image", "hero_preview", "topics", "pinned_related"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "needs_review", "review_reason"]}),
    ]
    help_texts = {
        "hero_image": _("The picture at the top of the article. Use + to upload a new one."),
        "topics": _("What the article is about; each topic has its own page and feed."),
        "needs_review": _("Set by the importer when something looked wrong; untick once you have checked it."),
    }

    @admin.display(description=_("image"))
    def hero_thumb(self, obj):
        return thumbnail(obj.hero_image, size=48)

    @admin.display(description=_("current picture"))
    def hero_preview(self, obj):
        return image_preview(obj.hero_image)

    @admin.display(description=_("review"), ordering="needs_review")
    def review(self, obj):
        return badge("review", _("Needs review"), obj.review_reason) if obj.needs_review else ""

    @admin.action(description=_("Mark selected as reviewed"), permissions=["publish"])
    def mark_reviewed(self, request, queryset):
        objs = list(queryset)
        for obj in objs:
            obj.needs_review, obj.review_reason = False, ""
        self._bulk_update(request, objs, ["needs_review", "review_reason"], _("Marked reviewed"))
        count = len(objs)
        self.message_user(
            request,
            ngettext("%d article marked reviewed.", "%d articles marked reviewed.", count) % count,
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        hold(obj)  # its topics and mentions are saved next; the derived rows are written after them
        super().save_model(request, obj, form, change)
        if getattr(request, "editorial_restoring", None) is not None:
            # Restoring a version saves no inlines and has no save_related step: the topics go in now
            # (the history view's own save_m2m that follows finds nothing left to change).
            form.save_m2m()
            write_derived([obj], created=False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        write_derived([form.instance], created=not change)

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
