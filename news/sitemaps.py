from django.db.models import Max

from editorial.publishing import public_q
from editorial.sitemaps import PublishedSitemap

from .models import Article, Topic


class ArticleSitemap(PublishedSitemap):
    model = Article
    changefreq = "monthly"
    priority = 0.8


class TopicSitemap(PublishedSitemap):
    model = Topic
    changefreq = "daily"
    priority = 0.5

    def items(self):
        last = Max("articles__updated", filter=public_q("articles__"))
        return Topic.objects.published().annotate(last_article=last).order_by("pk")

    def lastmod(self, obj):
        return obj.last_article
