from django.contrib.sitemaps import Sitemap

from .models import Film, Person, Song


class PublishedSitemap(Sitemap):
    """Every published row of a model, in both languages, with its last change."""

    model = None
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated


class FilmSitemap(PublishedSitemap):
    model = Film
    priority = 1.0


class PersonSitemap(PublishedSitemap):
    model = Person
    priority = 0.7


class SongSitemap(PublishedSitemap):
    model = Song
    priority = 0.6
