"""/api/v1/search/?q=: the site's own search (search.selectors), its groups and hits as JSON."""

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from common import cache_tags
from common.languages import local_text
from news.models import Article
from search.filters import ArticleResultFilter
from search.models import Kind
from search.query import parse_query
from search.selectors import PAGE_PARAMS, search

from .fields import page_url
from .shaping import shape_of
from .views import LANG


class HitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: the words that matched in <mark>.")
    url = serializers.URLField()


class GroupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    count = serializers.IntegerField(help_text="Articles are counted up to 1,000: `capped` says there are more.")
    capped = serializers.BooleanField()
    page = serializers.IntegerField(allow_null=True)
    pages = serializers.IntegerField()
    hits = HitSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    searched = serializers.CharField(help_text="What was searched: the query, or the name it was corrected to.")
    suggestion = serializers.CharField(help_text="A name to offer as “did you mean”, or empty.")
    groups = GroupSerializer(many=True)


PAGE_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.INT, description="The page of this kind's hits, from 1.")
    for name in PAGE_PARAMS.values()
]


class SearchView(APIView):
    """Films, people, songs and articles matching `q`, each kind paged by its own number; articles filtered
    by topic, source and year as on the search page."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="What to search for."),
            OpenApiParameter("topic", OpenApiTypes.STR, description="A topic's slug: only its articles."),
            OpenApiParameter("source", OpenApiTypes.STR, description="A source's slug: only its articles."),
            OpenApiParameter("year", OpenApiTypes.INT, description="Only articles dated in this year."),
            *PAGE_PARAMETERS,
            LANG,
        ],
        responses=ResultsSerializer,
    )
    def get(self, request, *args, **kwargs):
        shape = shape_of(request, fields=[], include=())
        translation.activate(shape.page_language)
        cache_tags.depends_on(cache_tags.SEARCH)  # what a search finds may change with any published text
        params = request.query_params
        query = parse_query(params.get("q", "").replace("\x00", ""))
        if not query.ok:
            raise ValidationError({"q": [query.message]})
        pages = {name: _page_number(params, name) for name in PAGE_PARAMS.values()}
        cleaned = params.copy()
        for name, values in params.lists():
            cleaned.setlist(name, [value.replace("\x00", "") for value in values])
        articles = ArticleResultFilter(cleaned, queryset=Article.objects.published())
        if any(params.get(name) for name in ArticleResultFilter.base_filters) and not articles.form.is_valid():
            raise ValidationError(_errors(articles.form.errors))
        results = search(
            query,
            pages=pages,
            articles=articles.qs if articles.narrows_articles else None,
            dated=articles.dated,
        )
        return Response(
            {
                "query": query.raw,
                "searched": results.query.raw,
                "suggestion": results.suggestion,
                "groups": [
                    {
                        "kind": group.kind,
                        "count": group.count,
                        "capped": group.capped,
                        "page": group.page.number if group.page else None,
                        "pages": group.page.paginator.num_pages if group.page else 0,
                        "hits": [
                            {
                                "kind": hit.kind,
                                "slug": hit.object.slug,
                                "title": _title(hit),
                                "snippet": str(hit.snippet),
                                "url": page_url(request, hit.object),
                            }
                            for hit in group.hits
                        ],
                    }
                    for group in results.groups
                ],
            }
        )


def _title(hit) -> str:
    if hit.kind == Kind.ARTICLE:
        return hit.object.title
    return local_text(hit.object, "title" if hit.kind == Kind.SONG else "name")


def _page_number(params, name: str) -> int | None:
    value = params.get(name)
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ValidationError({name: [_("A page number: a whole number from 1.")]})
    return int(value)


def _errors(errors) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for name, messages in errors.items()}
