"""What the API gives of each kind. Texts in two languages come as `Text` (and their `…_ko` twin with
`lang=all`); related rows by their slug, and as whole objects under `embedded` when `?include=` asks."""

from rest_framework import serializers

from catalog.models import Character, Film, Person, Song, SongCredit
from news.models import Article, Mention, Source, Topic

from .fields import Embedded, Lines, PageURL, Picture, Shaped, Text, page_url


class TopicSerializer(Shaped, serializers.ModelSerializer):
    """A topic of the news."""

    slug = serializers.CharField()  # may hold any letter (a JSON Schema pattern of \w would mean ASCII only)
    name = Text()
    description = Text()
    url = PageURL()

    class Meta:
        model = Topic
        fields = ["slug", "name", "name_ko", "description", "description_ko", "url"]


class SourceSerializer(Shaped, serializers.ModelSerializer):
    """Where articles come from: `site` is its own site, `url` the site's news list of it."""

    site = serializers.CharField(source="url", read_only=True)
    url = PageURL()

    class Meta:
        model = Source
        fields = ["slug", "name", "site", "url"]


class CharacterSerializer(Shaped, serializers.ModelSerializer):
    """A character of a film. Characters have no page of their own: `url` is their place on the film's."""

    film = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = Text()
    aliases = Lines(localized=False)
    description = Text()
    url = PageURL()

    class Meta:
        model = Character
        fields = ["id", "film", "name", "name_ko", "aliases", "description", "description_ko", "order", "url"]


class SongCreditSerializer(Shaped, serializers.ModelSerializer):
    """Who sang, wrote or composed a song."""

    person = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.CharField(source="person.local_name", read_only=True)
    note = Text()

    class Meta:
        model = SongCredit
        fields = ["person", "name", "role", "note", "note_ko"]


class SongBrief(Shaped, serializers.ModelSerializer):
    """A song, briefly."""

    title = Text()
    url = PageURL()

    class Meta:
        model = Song
        fields = ["slug", "title", "title_ko", "url"]


class FilmBrief(Shaped, serializers.ModelSerializer):
    """A film, briefly."""

    name = Text()
    url = PageURL()

    class Meta:
        model = Film
        fields = ["slug", "name", "name_ko", "year", "url"]


class FilmEmbedded(Embedded):
    """A film's characters and songs."""

    characters = CharacterSerializer(many=True, source="public_characters")
    songs = SongBrief(many=True, source="public_songs")


class FilmSerializer(Shaped, serializers.ModelSerializer):
    """A film."""

    name = Text()
    aliases = Lines(localized=False)
    tagline = Text()
    synopsis = Text(help_text="HTML.")
    synopsis_ko = serializers.CharField(read_only=True, help_text="HTML.")
    genres = Lines(commas=True)
    genres_ko = Lines(commas=True, localized=False)
    poster = Picture(allow_null=True, read_only=True)
    url = PageURL()
    embedded = FilmEmbedded(source="*", read_only=True, help_text="With ?include=characters,songs.")

    class Meta:
        model = Film
        fields = [
            "slug", "name", "name_ko", "aliases", "tagline", "tagline_ko", "synopsis", "synopsis_ko", "year",
            "runtime_minutes", "genres", "genres_ko", "poster", "trailer_url", "url", "embedded",
        ]  # fmt: skip


class PersonSerializer(Shaped, serializers.ModelSerializer):
    """A person who made or voices a film."""

    name = Text()
    aliases = Lines(localized=False)
    bio = Text(help_text="HTML.")
    bio_ko = serializers.CharField(read_only=True, help_text="HTML.")
    known_for = Lines()
    known_for_ko = Lines(localized=False)
    photo = Picture(allow_null=True, read_only=True)
    url = PageURL()

    class Meta:
        model = Person
        fields = ["slug", "name", "name_ko", "aliases", "bio", "bio_ko", "known_for", "known_for_ko", "photo", "url"]


class SongEmbedded(Embedded):
    """A song's film and credits."""

    film = FilmBrief()
    credits = SongCreditSerializer(many=True, source="public_credits")


class SongSerializer(Shaped, serializers.ModelSerializer):
    """A song of a film's soundtrack."""

    film = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    title = Text()
    description = Text()
    context = Text()
    duration_seconds = serializers.SerializerMethodField()
    url = PageURL()
    embedded = SongEmbedded(source="*", read_only=True, help_text="With ?include=film,credits.")

    class Meta:
        model = Song
        fields = [
            "slug", "film", "title", "title_ko", "description", "description_ko", "context", "context_ko",
            "duration_seconds", "media_url", "order", "url", "embedded",
        ]  # fmt: skip

    def get_duration_seconds(self, song) -> int | None:
        return round(song.duration.total_seconds()) if song.duration else None


class MentionSerializer(serializers.Serializer):
    """A catalog entry the article names: its kind, slug (a character has none: its id), name and page."""

    kind = serializers.CharField()
    slug = serializers.CharField(allow_null=True)
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.URLField()

    def to_representation(self, mention: Mention):
        kind, pk = mention.target_key
        target = mention.target
        name = target.title if kind == "song" else target.local_name
        return {
            "kind": kind,
            "slug": getattr(target, "slug", None),
            "id": pk,
            "name": name,
            "url": page_url(self.context.get("request"), target),
        }


class ArticleEmbedded(Embedded):
    """An article's topics, source and the catalog entries it mentions."""

    topics = TopicSerializer(many=True)
    source = SourceSerializer(allow_null=True)
    mentions = MentionSerializer(many=True, source="public_mentions")


class ArticleSerializer(Shaped, serializers.ModelSerializer):
    """A published article, in its own language."""

    slug = serializers.CharField()  # may hold any letter (a JSON Schema pattern of \w would mean ASCII only)
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    topics = serializers.SlugRelatedField(slug_field="slug", read_only=True, many=True)
    date = serializers.DateTimeField(source="date_shown", read_only=True, allow_null=True)
    summary = serializers.CharField(source="display_summary", read_only=True)
    body = serializers.CharField(read_only=True, help_text="HTML.")
    hero_image = Picture(allow_null=True, read_only=True)
    url = PageURL()
    embedded = ArticleEmbedded(source="*", read_only=True, help_text="With ?include=topics,source,mentions.")

    class Meta:
        model = Article
        fields = [
            "slug", "title", "subtitle", "author", "language", "date", "date_only", "summary", "body", "source",
            "topics", "original_url", "hero_image", "url", "embedded",
        ]  # fmt: skip
