from django.db.models import Max

from catalog.sitemaps import PublishedSitemap

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
        published = Article.objects.published()
        return (
            Topic.objects.filter(articles__in=published).annotate(last_article=Max("articles__updated")).order_by("pk")
        )

    def lastmod(self, obj):
        return obj.last_article
