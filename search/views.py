"""The search page: /search/?q= (and /ko/search/), and the suggestions its box offers as you type."""

from django.http import JsonResponse, QueryDict
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView, View

from common import cache_tags
from news.models import Article

from .filters import ArticleResultFilter
from .query import MAX_QUERY_LENGTH, parse_query
from .selectors import PAGE_PARAMS, search
from .suggestions import suggest

ARTICLE_FILTERS = tuple(ArticleResultFilter.base_filters)  # topic, source, year: the filter's own fields


def clean_params(params: QueryDict) -> QueryDict:
    """The query string without NUL characters, which PostgreSQL refuses in any text it is sent."""
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    return cleaned


class SearchView(TemplateView):
    """The search page. What it found is drawn in a part kept for the address and the language until any
    published text changes (search.html), so the search itself and its filters run lazily, from that
    part, only when it is drawn: once per address and change of text, not on every visit."""

    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        cache_tags.depends_on(cache_tags.SEARCH)  # what a search finds may change with any published text
        context = super().get_context_data(**kwargs)
        params = clean_params(self.request.GET)
        # No `page` (each kind has its own): left out of the links, as the kept part's key leaves it out.
        params.pop("page", None)
        query = parse_query(params.get("q", ""))
        article_filter = SimpleLazyObject(lambda: ArticleResultFilter(params, queryset=Article.objects.published()))
        # Without a value for any article filter, no filter is made to say that none is active (a
        # search without filters is the common one).
        asked = any(params.get(name) for name in ARTICLE_FILTERS)
        filter_params = params.copy()
        for name in (*PAGE_PARAMS.values(), *ARTICLE_FILTERS):
            filter_params.pop(name, None)
        context.update(
            query=query,
            search_query=query.raw,
            results=SimpleLazyObject(lambda: self.results(query, params, article_filter if asked else None))
            if query.ok
            else None,
            filter=article_filter,
            filters_active=SimpleLazyObject(lambda: asked and article_filter.active),
            # What the article filters' fields are drawn from, besides the content and the language: the
            # drawn fields are kept under it, shared by every search that asks for the same filters.
            article_filters_asked=[(name, params.getlist(name)) for name in ARTICLE_FILTERS],
            clear_filters_query=filter_params.urlencode(),
        )
        return context

    @staticmethod
    def results(query, params: QueryDict, article_filter: ArticleResultFilter | None):
        """What the search found; `article_filter`: None when the address asks for no filter."""
        narrows = article_filter is not None and article_filter.narrows_articles
        results = search(
            query,
            pages={name: params.get(name) for name in PAGE_PARAMS.values()},
            articles=article_filter.qs if narrows else None,
            dated=article_filter.dated if article_filter is not None else None,
        )
        for group in results.groups:
            others = params.copy()
            others.pop(group.page_param, None)
            group.query_string = others.urlencode()
        return results


class SuggestView(View):
    """JSON for the header's search box: {"query": …, "suggestions": [{kind, kind_label, label, url, …}]}
    (`search.suggestions.Suggestion.as_json`).

    Labels and addresses are in the language of the address (/ko/search/suggest/ in Korean). Anything
    unusable (empty, too long, only symbols) gets an empty list. Anonymous answers are stored by the
    page cache under their query string like any page, so a content change refreshes them too.
    """

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").replace("\x00", "")
        cache_tags.depends_on(cache_tags.SEARCH)
        found = suggest(query)
        response = JsonResponse({"query": query[:MAX_QUERY_LENGTH], "suggestions": [item.as_json() for item in found]})
        response["X-Robots-Tag"] = "noindex"
        return response
