"""Pagination that answers a bad or out-of-range ?page= with a real page instead of a 404, and a
paginator whose total is kept under the content stamp."""

import hashlib

from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property

from .kept import kept


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


class KeptCountPaginator(Paginator):
    """A paginator whose total is counted once per change of content, for each `count_of` asked.

    Counting every published article was the slowest read of the news list at 100,000 of them
    (48 ms on PostgreSQL); the page itself reads 20 rows through an index.
    """

    def __init__(self, *args, count_of: str, counter=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = "count:" + hashlib.sha256(count_of.encode()).hexdigest()[:32]
        self.counter = counter  # a cheaper way to the same number, where the caller knows one

    @cached_property
    def count(self):
        return kept(self.count_key, self.counter or (lambda: Paginator.count.func(self)))
