"""Pagination that answers a bad or out-of-range ?page= with a real page instead of a 404, and a
paginator whose total is kept under the content cache version."""

import hashlib

from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from caching.cached import cached, filters_asked
from common import cache_tags


class ForgivingPaginationMixin:
    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get(self.page_kwarg) or 1
        try:
            number = max(1, int(raw))
        except (TypeError, ValueError):
            number = 1
        number = min(number, paginator.num_pages)
        try:
            page = paginator.page(number)
        except InvalidPage:
            page = paginator.page(1)
        return paginator, page, page.object_list, page.has_other_pages()


class IdsFirstPaginator(Paginator):
    """Finds a page's rows by their ids, then reads those rows whole from `rows`: in one query, the
    ids as a subquery. `rows`: the same model, ordered and joined as the list, with no filter (the
    ids were filtered; filtering again ran a word filter's full-text match twice).

    Where the filter leaves no index to walk in order (a topic's articles, a deep page), the
    database sorts every matching row to find the page; sorting only their ids and dates, not
    their bodies, keeps that sort small.
    """

    def __init__(self, object_list, per_page, *, rows: QuerySet, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        page = super().page(number)
        if isinstance(page.object_list, QuerySet):  # sliced by Paginator.page
            page.object_list = self.rows.filter(pk__in=page.object_list.values("pk"))
        return page


class KeptCountPaginator(IdsFirstPaginator):
    """A paginator whose total is counted once per change of content, for each `count_of` asked.

    Counting every published article reads the whole archive, where the page itself reads 20 rows
    through an index.
    """

    def __init__(self, *args, count_of: str, counter=None, shows=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = "count:" + hashlib.sha256(count_of.encode()).hexdigest()[:32]
        self.counter = counter  # a cheaper way to the same number, where the caller knows one
        self.shows = shows  # what the count depends on besides the rows it counts (`cached`)

    @cached_property
    def count(self):
        return cached(self.count_key, self.counter or (lambda: Paginator.count.func(self)), shows=self.shows)


class KeptCountMixin:
    """A filterable list whose total is kept per set of filters (`KeptCountPaginator`), and counted
    the cheap way (`count_published`) when unfiltered. `count_of`: what the list holds, e.g. "news"."""

    count_of: str
    words_from_index = False  # whether `?q=` finds rows through the search index (news), not by their names

    def page_rows(self) -> QuerySet:
        """The list's rows as a page shows them, unfiltered (`IdsFirstPaginator.rows`)."""
        raise NotImplementedError

    def get_paginator(self, queryset, per_page, **kwargs):
        asked = filters_asked(self.request.GET, self.page_kwarg)
        counter = None if asked else self.model.objects.count_published  # the whole list, unfiltered
        # Rows found by their words through the search index are counted anew after any text changes.
        by_index = self.words_from_index and self.request.GET.get("q", "").strip()
        shows = frozenset({cache_tags.SEARCH}) if by_index else frozenset()
        return KeptCountPaginator(
            queryset,
            per_page,
            rows=self.page_rows(),
            count_of=f"{self.count_of}:{asked!r}",
            counter=counter,
            shows=shows,
            **kwargs,
        )
