"""The search page: /search/?q= (and /ko/search/)."""

from django.http import QueryDict
from django.views.generic import TemplateView

from news.models import Article

from .filters import ArticleResultFilter
from .query import parse_query
from .selectors import PAGE_PARAMS, search


def clean_params(params: QueryDict) -> QueryDict:
    """The query string without NUL characters, which PostgreSQL refuses in any text it is sent."""
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    return cleaned


class SearchView(TemplateView):
    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = clean_params(self.request.GET)
        query = parse_query(params.get("q", ""))
        article_filter = ArticleResultFilter(params, queryset=Article.objects.published())
        results = None
        if query.ok:
            results = search(
                query,
                pages={name: params.get(name) for name in PAGE_PARAMS.values()},
                articles=article_filter.qs if article_filter.active else None,
            )
            for group in results.groups:
                others = params.copy()
                others.pop(group.page_param, None)
                group.query_string = others.urlencode()
        filter_params = params.copy()
        for name in (*PAGE_PARAMS.values(), "topic", "source", "year"):
            filter_params.pop(name, None)
        context.update(
            query=query,
            search_query=query.raw,
            results=results,
            filter=article_filter,
            filters_active=article_filter.active,
            clear_filters_query=filter_params.urlencode(),
        )
        return context
