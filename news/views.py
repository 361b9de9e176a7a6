"""Public news pages: the filterable list, an article, a topic; an article drawn unsaved, for the admin."""

import copy

from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from caching.cached import cached
from common import cache_tags
from common.sanitize import sanitize_html
from editorial.slugs import SlugRedirectMixin
from pages.mixins import CrumbsMixin, PublishedMixin
from pages.paging import ForgivingPaginationMixin, KeptCountMixin, KeptCountPaginator
from sharing.models import ShareCard

from .filters import ArticleFilter
from .models import Article, Mention, Topic
from .related import related_articles, related_topics
from .selectors import merged_copies


class ArticleListView(KeptCountMixin, ForgivingPaginationMixin, FilterView):
    model = Article
    filterset_class = ArticleFilter
    paginate_by = 20
    strict = False  # a bad value is reported beside its field and ignored; never a 500
    template_name = "news/article_list.html"
    count_of = "news"
    words_from_index = True

    def get_queryset(self):
        return Article.objects.published().for_list()

    def page_rows(self):
        return Article.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context["filter_query"] = query.urlencode()
        return context


class ArticleDetailView(SlugRedirectMixin, CrumbsMixin, PublishedMixin, DetailView):
    model = Article
    parent_crumb = ("news:article-list", _("News"))

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A copy an editor merged into another article of the same story leads to that one.
            kept = Article.objects.published().filter(merged_copies__slug=kwargs.get(self.slug_url_kwarg)).first()
            if kept is None:
                raise
            return HttpResponsePermanentRedirect(kept.get_absolute_url())

    def get_queryset(self):
        # Every mention an editor kept, public or not: the related articles are ranked by all of
        # them, the page names those whose entry visitors may see (is_public, as of_public_entries).
        shown_mentions = Mention.objects.filter(excluded=False).select_related(
            "film", "person", "character__film", "song__film"
        )
        return (
            super()
            .get_queryset()
            .select_related("source", "hero_image")
            .annotate(share_card=ShareCard.column("news.article"))  # the page's picture for sharing
            .prefetch_related(
                "topics",
                Prefetch("mentions", queryset=shown_mentions, to_attr="shown_mentions"),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        groups = {"film": [], "person": [], "character": [], "song": []}
        for mention in article.shown_mentions:
            if mention.target.is_public:
                kind, _pk = mention.target_key
                groups[kind].append(mention.target)
        context["mentioned"] = groups
        article.also_published = merged_copies(article)
        # The ranking reads the newest articles of the article's topics and names: kept until an article
        # of those comes, goes or moves, or the article changes with what the page has read of it.
        shows = cache_tags.collected()
        context["related_articles"] = cached(
            f"related-articles:{article.pk}",
            lambda: related_articles(article, mentions=article.shown_mentions),
            shows=shows,
        )
        context["related_topics"] = cached(f"related-topics:{article.pk}", lambda: related_topics(article), shows=shows)
        return context


def article_preview(request, article: Article, *, topics) -> TemplateResponse:
    """An article's public page drawn from an unsaved copy (the admin's live preview), with the same
    template as ArticleDetailView. The aside's mentions and related lists are worked out from what is
    saved, when it is saved, so the preview leaves them out; nothing is read from a cache or written."""
    if article.pk is None:
        article.pk = 0  # never saved: the template reads its topics through an id, which no row has
    article.slug = article.slug or slugify(article.title, allow_unicode=True) or "draft"
    article.body = sanitize_html(article.body)  # as Article.save stores it
    article._prefetched_objects_cache = {"topics": topics}
    article.shown_at = article.dated or article.publish_at  # what the database will work out on save
    # The page's own links (canonical, the language switch) name the article's address, not the admin's.
    request = copy.copy(request)
    request.path = request.path_info = article.get_absolute_url()
    request.resolver_match = resolve(request.path)
    article.also_published = merged_copies(article) if article.pk else []
    context = {
        "article": article,
        "object": article,
        "mentioned": {"film": [], "person": [], "character": [], "song": []},
        "is_preview": True,
        "crumbs": [(reverse("news:article-list"), _("News")), (None, article.title)],
        "crumb_language": article.title_language,
    }
    return TemplateResponse(request, "news/article_detail.html", context)


class TopicDetailView(SlugRedirectMixin, CrumbsMixin, ForgivingPaginationMixin, DetailView):
    model = Topic
    parent_crumb = ("news:article-list", _("News"))
    paginate_by = 20
    page_kwarg = "page"

    def get_queryset(self):
        return Topic.objects.visible_to(self.request.user).annotate(share_card=ShareCard.column("news.topic"))

    def get_object(self, queryset=None):
        # Found by its address, and public while one of its articles is: the page depends on the topic
        # and on its articles, not on other topics' or articles' coming and going.
        with cache_tags.rows_only():
            topic = super().get_object(queryset)
        cache_tags.depends_on(cache_tags.member_tag(Article, "topic", topic.pk))
        return topic

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The topic's articles alone: an article under another topic coming or going leaves the page.
        with cache_tags.lists_only_of(cache_tags.member_tag(Article, "topic", self.object.pk)):
            articles = Article.objects.published().filter(topics=self.object).for_list()
            paginator, page, object_list, is_paginated = self.paginate_queryset(articles, self.paginate_by)
            object_list = list(object_list)
        context.update(paginator=paginator, page_obj=page, articles=object_list, is_paginated=is_paginated)
        return context

    def get_paginator(self, queryset, per_page, **kwargs):
        # The topic's total is kept until the next change, as the news list keeps its own.
        return KeptCountPaginator(
            queryset, per_page, rows=Article.objects.for_list(), count_of=f"topic:{self.object.pk}", **kwargs
        )
