"""The sitemap section every publishable model shares."""

from django.contrib.sitemaps import Sitemap


class PublishedSitemap(Sitemap):
    """Every row visitors may see of a model, in both languages, with its last change."""

    model = None
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated
