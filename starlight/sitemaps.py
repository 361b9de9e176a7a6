"""The sitemap sections that belong to no app: the home page and the list pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from catalog.models import Film, Person, Song
from news.models import Article


def _last_change(*models):
    """When the newest published row of these models last changed (None when there is none)."""
    dates = [model.objects.published().aggregate(last=Max("updated"))["last"] for model in models]
    dates = [date for date in dates if date is not None]
    return max(dates) if dates else None


class StaticViewSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0
    i18n = True
    alternates = True
    x_default = True

    # URL name -> the models whose changes change that page.
    pages = {
        "home": (Film, Song, Article),
        "catalog:film-list": (Film,),
        "catalog:person-list": (Person,),
        "catalog:song-list": (Song,),
        "news:article-list": (Article,),
    }

    def items(self):
        return list(self.pages)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return _last_change(*self.pages[item])
