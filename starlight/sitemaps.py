"""The sitemap sections that belong to no app."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticViewSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["home"]

    def location(self, item):
        return reverse(item)
