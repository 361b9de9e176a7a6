"""News in the admin: articles with their topics and mentions (and other copies of their story), sources, topics."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import RedirectView

from caching.changes import rows_changed
from catalog.admin import image_preview, thumbnail
from editorial.publishing_admin import HistoryAdmin, PublishingAdmin, badge
from editorial.revisions import moved_on
from editorial.rich_text import RichTextWidget, article_body

from . import duplicates
from .importer.saving import unique_slug
from .models import Article, DeclinedTopic, Mention, PossibleDuplicate, Topic
from .review_reasons import shown_share
from .topic_suggestions import from_its_file, suggest
from .views import article_preview
from .writing import hold, write_derived


class SourceAdmin(HistoryAdmin):
    """A source's own fields. Registered by intake (`FeedSourceAdmin`), which adds how its feed fares."""

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


class SameStoryFilter(admin.SimpleListFilter):
    title = _("same story")
    parameter_name = "same_story"

    def lookups(self, request, model_admin):
        return [("possible", _("Possible duplicate")), ("merged", _("Merged into another"))]

    def queryset(self, request, queryset):
        if self.value() == "possible":
            flags = duplicates.open_flags()
            return queryset.filter(Q(pk__in=flags.values("article")) | Q(pk__in=flags.values("of")))
        if self.value() == "merged":
            return queryset.filter(merged_into__isnull=False)
        return queryset


@admin.register(Article)
class ArticleAdmin(PublishingAdmin):
    change_list_template = "admin/news/article/change_list.html"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = RichTextWidget(article_body(pictures=reverse("admin:catalog_image_choices")))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        # Imports run as background jobs now (the intake app); the page's old address still leads there.
        moved = RedirectView.as_view(pattern_name="admin:intake_importjob_add")
        same_story = self.admin_site.admin_view(self.same_story_view)
        return [
            path("import/", self.admin_site.admin_view(moved), name="news_article_import"),
            path("<int:pk>/same-story/<int:other>/", same_story, name="news_article_same_story"),
            path(
                "<int:pk>/suggested-topic/<int:topic>/",
                self.admin_site.admin_view(self.suggested_topic_view),
                name="news_article_suggested_topic",
            ),
            path(
                "<int:pk>/topic-from-its-file/",
                self.admin_site.admin_view(self.topic_from_file_view),
                name="news_article_topic_from_file",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        flagged = duplicates.open_flags().filter(Q(article=OuterRef("pk")) | Q(of=OuterRef("pk")))
        return super().get_queryset(request).annotate(possible_duplicate=Exists(flagged))

    # Title gets the room: the status badge says whether an article is live, and when (its tooltip), so
    # "publish at" and "visible" columns would only repeat it.
    list_display = ["hero_thumb", "title", "source", "article_date", "status", "review"]
    list_display_links = ["hero_thumb", "title"]
    list_filter = ["status", "needs_review", SameStoryFilter, "language", "source", "topics"]
    list_select_related = ["source", "hero_image"]
    search_fields = ["title", "subtitle", "body", "original_url"]
    date_hierarchy = "shown_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source", "topics", "hero_image", "pinned_related"]
    inlines = [MentionInline]
    actions = ["publish_now", "unpublish", "mark_reviewed"]
    has_live_preview = True
    publisher_fields = ("needs_review", "review_reason")  # marking an import reviewed is the editors' call
    readonly_fields = ["hero_preview", "same_story", "suggested_topics"]
    # Writing first and large; the rest in a panel beside it (templates/admin/publishing/change_form.html).
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "body", "summary", "slug"], "classes": ["writing"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"], "classes": ["panel"]}),
        (_("Review"), {"fields": ["needs_review", "review_reason", "same_story"], "classes": ["panel"]}),
        (
            _("Links"),
            {
                "fields": [
                    "hero_image",
                    "hero_preview",
                    "topics",
                    "suggested_topics",
                    "related_headlines",
                    "pinned_related",
                ],
                "classes": ["panel"],
            },
        ),
        (
            _("Origin"),
            {"fields": ["source", "author", "original_url", "dated", "date_only", "language"], "classes": ["panel"]},
        ),
    ]
    help_texts = {
        "hero_image": _("The picture at the top of the article. Use + to upload a new one."),
        "topics": _("What the article is about; each topic has its own page and feed."),
        "needs_review": _("Set by the importer when something looked wrong; untick once you have checked it."),
    }

    @admin.display(description=_("date"), ordering="shown_at")
    def article_date(self, obj):
        """The source's date; an undated import says so here, to editors, and nowhere on the site."""
        if obj.dated is None:
            return _("date unknown")
        return date_format(localtime(obj.dated), obj.date_format_name)

    @admin.display(description=_("image"))
    def hero_thumb(self, obj):
        return thumbnail(obj.hero_image, size=48)

    @admin.display(description=_("current picture"))
    def hero_preview(self, obj):
        return image_preview(obj.hero_image)

    @admin.display(description=_("review"), ordering="needs_review")
    def review(self, obj):
        marks = [badge("review", _("Needs review"), obj.shown_review_reason())] if obj.needs_review else []
        if getattr(obj, "possible_duplicate", False):
            marks.append(badge("review", _("Possible duplicate"), _("Another article tells the same story")))
        if obj.merged_into_id:
            marks.append(badge("draft", _("Merged"), _("Merged into another copy of the story")))
        return format_html_join(" ", "{}", ((mark,) for mark in marks))

    @admin.display(description=_("same story"))
    def same_story(self, obj):
        """Other copies of this story: flagged by the importer, or this one merged into another."""
        if obj is None or obj.pk is None:
            return "—"
        rows = []
        if obj.merged_into_id:
            kept = obj.merged_into
            rows.append(
                format_html(
                    '{} <a href="{}">{}</a> · <a href="{}">{}</a>',
                    _("Merged into"),
                    reverse("admin:news_article_change", args=[kept.pk]),
                    kept.title,
                    reverse("admin:news_article_same_story", args=[obj.pk, kept.pk]),
                    _("separate them again"),
                )
            )
        flags = duplicates.open_flags().filter(Q(article=obj) | Q(of=obj)).select_related("article", "of")
        for flag in flags:
            other = flag.of if flag.article_id == obj.pk else flag.article
            rows.append(
                format_html(
                    '{} <a href="{}">{}</a> ({}) · <a href="{}">{}</a>',
                    _("Possibly the same story as"),
                    reverse("admin:news_article_change", args=[other.pk]),
                    other.title,
                    _("%(share)s of the text in common") % {"share": shown_share(flag.similarity)},
                    reverse("admin:news_article_same_story", args=[obj.pk, other.pk]),
                    _("compare and merge"),
                )
            )
        return format_html_join("", "<p>{}</p>", ((row,) for row in rows)) if rows else "—"

    @admin.display(description=_("suggested topics"))
    def suggested_topics(self, obj):
        """Topics this article might be filed under, while it has none; each is added only when an
        editor says so."""
        suggestions = suggest(obj) if obj is not None and obj.pk is not None else []
        from_file = from_its_file(obj) if obj is not None and obj.pk is not None else []
        if not suggestions and not from_file:
            return "—"
        note = format_html('<p class="help">{}</p>', _("Each button saves only that topic, nothing else on this page."))
        return format_html("{}{}{}", note, self._from_file(obj, from_file), self._suggested(obj, suggestions))

    def _suggested(self, obj, suggestions):
        return format_html_join(
            " ",
            '<span class="topic-suggestion">{} <span class="help">({})</span> '
            '<button type="submit" formaction="{}" formnovalidate name="accept" value="1">{}</button> '
            '<button type="submit" formaction="{}" formnovalidate name="decline" value="1">{}</button></span>',
            (
                (
                    suggestion.topic.name,
                    suggestion.reason,
                    reverse("admin:news_article_suggested_topic", args=[obj.pk, suggestion.topic.pk]),
                    _("Add"),
                    reverse("admin:news_article_suggested_topic", args=[obj.pk, suggestion.topic.pk]),
                    _("Not this"),
                )
                for suggestion in suggestions
            ),
        )

    def _from_file(self, obj, names):
        if not names:
            return ""
        return format_html(
            "<p>{}</p>",
            format_html_join(
                " ",
                '<span class="topic-suggestion">{} <span class="help">({})</span> <button type="submit" '
                'formaction="{}" formnovalidate name="name" value="{}">{}</button></span>',
                (
                    (
                        name,
                        _("its file's category or tag; no such topic yet"),
                        reverse("admin:news_article_topic_from_file", args=[obj.pk]),
                        name,
                        _("Make it a topic"),
                    )
                    for name in names
                ),
            ),
        )

    def topic_from_file_view(self, request, pk):
        """Make one of the names its file suggests a topic and file the article under it: an editor's
        choice, never the import's. Only those names, so the button cannot make any other topic."""
        article = get_object_or_404(Article, pk=pk)
        name = request.POST.get("name", "")
        if request.method != "POST" or not (
            self.has_change_permission(request, article) and request.user.has_perm("news.add_topic")
        ):
            raise PermissionDenied
        if name in from_its_file(article):
            topic = Topic.objects.filter(name__iexact=name).first()  # made meanwhile, or spelt otherwise
            if topic is None:
                topic = Topic(name=name, slug=unique_slug(Topic, Topic.slug_for(name)))
                topic.full_clean()
                topic.save()
            article.topics.add(topic)
            Article.objects.filter(pk=article.pk).update(**moved_on())
            article.revision += 1
            write_derived([article], created=False)
            messages.success(request, _("Filed under “%(topic)s”.") % {"topic": topic.name})
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    def suggested_topic_view(self, request, pk, topic):
        """Add a suggested topic to the article (one click), or say no to it for good. These buttons
        save nothing else of the form they sit in (the field's help says so)."""
        article = get_object_or_404(Article, pk=pk)
        topic = get_object_or_404(Topic, pk=topic)
        if request.method != "POST" or not self.has_change_permission(request, article):
            raise PermissionDenied
        if "accept" in request.POST:
            article.topics.add(topic)
            # A form opened before this click would otherwise save its old list of topics over it.
            Article.objects.filter(pk=article.pk).update(**moved_on())
            article.revision += 1
            write_derived([article], created=False)  # its history and search entry hear of the topic
            messages.success(request, _("Filed under “%(topic)s”.") % {"topic": topic.name})
        elif "decline" in request.POST:
            DeclinedTopic.objects.get_or_create(article=article, topic=topic)
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    def same_story_view(self, request, pk, other):
        """Two copies side by side: keep one (the other is merged into it), say they differ, or separate them."""
        first = get_object_or_404(Article.objects.select_related("source"), pk=pk)
        second = get_object_or_404(Article.objects.select_related("source"), pk=other)
        if not self.has_change_permission(request, first):
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:news_article_change", args=[first.pk]))
        if request.method == "POST":
            if not self.has_publish_permission(request):
                raise PermissionDenied  # a merge takes one copy off the site
            if "keep" in request.POST:
                keep, copy = (first, second) if request.POST["keep"] == str(first.pk) else (second, first)
                duplicates.merge(copy, into=keep)
                messages.success(
                    request, _("Merged: “%(copy)s” now leads to “%(keep)s”.") % {"copy": copy, "keep": keep}
                )
                return HttpResponseRedirect(reverse("admin:news_article_change", args=[keep.pk]))
            if "different" in request.POST:
                PossibleDuplicate.objects.filter(article__in=[first, second], of__in=[first, second]).update(
                    dismissed=True
                )
                rows_changed(Article, [first, second], listed=False)  # their related lists may show each other now
                messages.success(request, _("Noted: these are different stories, and will not be flagged again."))
            if "separate" in request.POST and first.merged_into_id == second.pk:
                duplicates.separate(first)
                messages.success(request, _("Separated. The copy stays a draft until you publish it."))
            return back
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Same story?"),
            "pair": [first, second],
            "share": shown_share(duplicates.similarity(first.body_text, second.body_text)),
            "merged": first.merged_into_id == second.pk,
            "may_merge": self.has_publish_permission(request),
        }
        return TemplateResponse(request, "admin/news/article/same_story.html", context)

    def live_preview_page(self, request, obj, form):
        chosen = getattr(form, "cleaned_data", {}).get("topics")
        if chosen is None:  # not in the form, or not valid: the saved ones
            chosen = obj.topics.all() if obj.pk else Topic.objects.none()
        return article_preview(request, obj, topics=chosen)

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
