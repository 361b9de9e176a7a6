"""RSS and Atom feeds of published articles: all news, one topic, one person.

Each entry's guid (RSS) and id (Atom) is its absolute address, which Django gives when no item_guid
is defined.
"""

from collections import defaultdict

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from caching.cached import cached_by_inputs, inputs_key
from catalog.models import Person
from common import cache_tags

from .models import Article, Topic
from .selectors import articles_mentioning

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    title = _("Lost in Starlight: news")
    description = _("News and reviews about the film Lost in Starlight.")

    def link(self):
        return reverse("news:article-list")

    def articles(self, obj):
        return Article.objects.published().for_list()

    def latest(self, obj) -> list[Article]:
        return list(self.articles(obj)[:FEED_LENGTH])

    def items(self, obj=None):
        items = self.latest(obj)
        # Only the topics' names, in one query: prefetching them built a Topic row for each name wanted.
        links = Article.topics.through.objects.filter(article__in=items).order_by("topic__name")
        names = defaultdict(list)
        for article_pk, topic_pk, name in links.values_list("article_id", "topic_id", "topic__name"):
            names[article_pk].append(name)
            cache_tags.depends_on(cache_tags.row_tag(Topic, topic_pk))  # read as values: no row to tag itself
        # A summary left empty is worked out from the body's whole text: kept under both, as the cards
        # keep theirs.
        by_pk = {item.pk: item for item in items}
        summaries = cached_by_inputs(
            {item.pk: "summary:" + inputs_key(item.summary, item.body) for item in items},
            lambda pks: {pk: by_pk[pk].display_summary for pk in pks},
        )
        address = Article.addresses()
        for item in items:
            item.topic_names = names[item.pk]
            item.feed_summary, item.feed_address = summaries[item.pk], address(item.slug)
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers take RSS descriptions and Atom summaries as HTML; the summary is plain text,
        # so it is escaped once here and once more by the XML writer: "<img>" stays words on a screen.
        return escape(item.feed_summary)

    def item_pubdate(self, item):
        return item.shown_at

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return item.author or (item.source.name if item.source else None)

    def item_categories(self, item):
        return item.topic_names

    def item_link(self, item):
        return item.feed_address


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TopicFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.published(), slug=slug)

    def title(self, obj):
        return _("Lost in Starlight: %(topic)s") % {"topic": obj.display_name}

    def description(self, obj):
        return _("Articles about %(topic)s.") % {"topic": obj.display_name}

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return super().articles(obj).filter(topics=obj)


class PersonFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.published(), slug=slug)

    def title(self, obj):
        return _("News about %(name)s") % {"name": obj.name}

    def description(self, obj):
        return _("Articles that mention %(name)s.") % {"name": obj.display_name}

    def link(self, obj):
        return obj.get_absolute_url()

    def latest(self, obj) -> list[Article]:
        # As the person's page finds them (news.selectors): a much-mentioned name's articles are never
        # all sorted.
        return articles_mentioning(obj, limit=FEED_LENGTH)
