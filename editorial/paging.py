"""Pagination that answers a bad or out-of-range ?page= with a real page instead of a 404."""

from django.core.paginator import InvalidPage


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
