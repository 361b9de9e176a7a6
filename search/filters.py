"""Filters on the article results of a search: topic, source and year, as on the news list."""

import datetime as dt

from django.utils import timezone

from news.filters import ArticleFacets


class ArticleResultFilter(ArticleFacets):
    @property
    def active(self) -> bool:
        """Whether any filter holds a usable value (invalid ones are reported and ignored)."""
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(value not in (None, "") for value in self.form.cleaned_data.values())

    @property
    def narrows_articles(self) -> bool:
        """Whether a topic or a source holds a usable value: then `qs` are the articles to search."""
        return self.active and any(self.form.cleaned_data.get(name) not in (None, "") for name in ("topic", "source"))

    @property
    def dated(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The year asked for as [start, end) in the site's time zone, as the news list takes it."""
        year = self.form.cleaned_data.get("year") if self.active else None
        if year is None:
            return None
        zone = timezone.get_current_timezone()
        return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)

    def filter_year(self, queryset, name, value):
        return queryset  # the year narrows the search's index by date (`dated`), not the articles
