"""The API's lists and details: what visitors may see (each model's `published()`, as the pages ask it),
shaped by `?lang=`, `?fields=` and `?include=`, each related kind read by one query however many rows
embed it."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.generics import get_object_or_404

from catalog.filters import PersonFilter
from catalog.models import Character, Film, Person, Song, SongCredit
from common import cache_tags
from news.filters import ArticleFilter
from news.models import Article, Mention, Source, Topic

from . import serializers
from .filters import CharacterFilter, FilmFilter, SongFilter
from .paging import cursor_by
from .shaping import LANGUAGES, shape_of

LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=list(LANGUAGES),
    description="Language of the texts and page addresses; `all`: English texts with their Korean twins "
    "(`…_ko`). Without it, the Accept-Language header decides (English unless it prefers Korean).",
)
FIELDS = OpenApiParameter("fields", OpenApiTypes.STR, description="Comma-separated: only these fields.")


def include_parameter(names: tuple[str, ...]) -> list[OpenApiParameter]:
    if not names:
        return []
    return [
        OpenApiParameter(
            "include", OpenApiTypes.STR, description=f"Comma-separated, any of {', '.join(names)}: under `embedded`."
        )
    ]


class Shaped:
    """Reads what the request asks for (`api.shaping`) before anything else, and answers in its language."""

    include: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.shape = shape_of(request, fields=list(self.get_serializer_class()().fields), include=self.include)
        translation.activate(self.shape.page_language)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "shape": self.shape}

    def get_queryset(self):
        queryset = self.published()
        if getattr(self, "swagger_fake_view", False):  # the schema asks which model, with no request
            return queryset
        wanted = [prefetch for name in self.shape.include for prefetch in self.embeds(name)]
        return queryset.prefetch_related(*wanted) if wanted else queryset

    def published(self):
        raise NotImplementedError

    def embeds(self, name: str) -> list:
        """What `?include=<name>` reads besides the rows: prefetches, made per request (their rules read the clock)."""
        return []


class ListView(Shaped, generics.ListAPIView):
    filter_backends = [DjangoFilterBackend]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.get = extend_schema(parameters=[LANG, FIELDS, *include_parameter(cls.include)])(cls.get)


class DetailView(Shaped, generics.RetrieveAPIView):
    lookup_field = "slug"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.get = extend_schema(parameters=[LANG, FIELDS, *include_parameter(cls.include)])(cls.get)

    def get_object(self):
        # One row found by its address: its answer depends on that row, on which rows of the kinds its
        # visibility reads visitors may see (a topic's articles), and on what it embeds, not on which
        # other rows of its kind there are (`common.cache_tags`). The embedded rows are read outside the
        # lookup, so that their lists' tags are kept: a related row published later shows.
        queryset = self.filter_queryset(self.get_queryset())
        embeds = queryset._prefetch_related_lookups
        with cache_tags.rows_only():
            lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
            found = get_object_or_404(queryset.prefetch_related(None), **lookup)
        cache_tags.depends_on(*(cache_tags.visible_tag(label) for label in queryset.visibility_inputs))
        prefetch_related_objects([found], *embeds)
        self.check_object_permissions(self.request, found)
        return found


# Films -------------------------------------------------------------------------------------------


class Films:
    serializer_class = serializers.FilmSerializer
    include = ("characters", "songs")

    def published(self):
        return Film.objects.published().select_related("poster")

    def embeds(self, name):
        if name == "characters":
            characters = Character.objects.order_by("order", "name")
            return [Prefetch("characters", queryset=characters, to_attr="public_characters")]
        return [Prefetch("songs", queryset=Song.objects.marked_published(), to_attr="public_songs")]


class FilmList(Films, ListView):
    filterset_class = FilmFilter
    pagination_class = cursor_by("-year", "name", "pk")


class FilmDetail(Films, DetailView):
    pass


# People ------------------------------------------------------------------------------------------


class People:
    serializer_class = serializers.PersonSerializer

    def published(self):
        return Person.objects.published().select_related("photo")


class PersonList(People, ListView):
    filterset_class = PersonFilter
    pagination_class = cursor_by("name", "pk")


class PersonDetail(People, DetailView):
    pass


# Characters (no address of their own: by id) ---------------------------------------------------------


class Characters:
    serializer_class = serializers.CharacterSerializer

    def published(self):
        return Character.objects.published().select_related("film")


class CharacterList(Characters, ListView):
    filterset_class = CharacterFilter
    pagination_class = cursor_by("order", "name", "pk")


class CharacterDetail(Characters, DetailView):
    lookup_field = "pk"


# Songs -------------------------------------------------------------------------------------------


class Songs:
    serializer_class = serializers.SongSerializer
    include = ("film", "credits")

    def published(self):
        return Song.objects.published().select_related("film")

    def embeds(self, name):
        if name == "credits":
            public = SongCredit.objects.of_public_people().select_related("person")
            return [Prefetch("credits", queryset=public, to_attr="public_credits")]
        return []  # the film is read with the song


class SongList(Songs, ListView):
    filterset_class = SongFilter
    pagination_class = cursor_by("order", "title", "pk")


class SongDetail(Songs, DetailView):
    pass


# Articles ----------------------------------------------------------------------------------------


class Articles:
    serializer_class = serializers.ArticleSerializer
    include = ("topics", "source", "mentions")

    def published(self):
        return Article.objects.published().select_related("source", "hero_image").prefetch_related("topics")

    def embeds(self, name):
        if name == "mentions":
            shown = Mention.objects.of_public_entries().select_related(
                "film", "person", "character__film", "song__film"
            )
            return [Prefetch("mentions", queryset=shown, to_attr="public_mentions")]
        return []  # topics and source are read with every article


class ArticleList(Articles, ListView):
    filterset_class = ArticleFilter
    pagination_class = cursor_by("-shown_at", "-pk")


class ArticleDetail(Articles, DetailView):
    pass


# Topics and sources ------------------------------------------------------------------------------


class Topics:
    serializer_class = serializers.TopicSerializer

    def published(self):
        return Topic.objects.published()


class TopicList(Topics, ListView):
    pagination_class = cursor_by("name", "pk")


class TopicDetail(Topics, DetailView):
    pass


class Sources:
    serializer_class = serializers.SourceSerializer

    def published(self):
        return Source.objects.published()


class SourceList(Sources, ListView):
    pagination_class = cursor_by("name", "pk")


class SourceDetail(Sources, DetailView):
    pass
