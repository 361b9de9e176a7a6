"""/api/v1/: where each list, search, the OpenAPI document and its documentation page are."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

PLACES = {
    "films": "film-list",
    "people": "person-list",
    "characters": "character-list",
    "songs": "song-list",
    "articles": "article-list",
    "topics": "topic-list",
    "sources": "source-list",
    "search": "search",
    "schema": "schema",
    "docs": "docs",
}


class IndexView(APIView):
    @extend_schema(responses=inline_serializer("Index", {name: serializers.URLField() for name in PLACES}))
    def get(self, request, *args, **kwargs):
        return Response({name: reverse(f"api:{url_name}", request=request) for name, url_name in PLACES.items()})
