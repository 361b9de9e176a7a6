"""What each kind of object contributes to the index: its names, its other text, its visibility.

An article also carries every spelling of the catalog entries it mentions (news.models.Mention:
name, Hangul name, aliases of a person, character, song or film), with its text, so 김태리 finds the
English articles that mention Kim Tae-ri and “kim tae ri” the Korean ones. Only the entries visitors
may see lend their names (a draft's alias must not find anything), and these names count as text,
not title: such an article ranks among the text matches. search/signals.py keeps them current when
mentions or catalog names change.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch

from catalog.models import Credit, Film, Person, Song
from common.sanitize import html_to_text
from news.models import Article, Mention

from .index_text import index_text, name_variants
from .models import Kind


@dataclass
class Document:
    kind: str
    object_id: int
    names: list[str]  # as written: name, Hangul name, aliases; an article's title
    texts: list[str]  # everything else that should find it
    status: str
    publish_at: dt.datetime
    recency: dt.datetime | None = None
    aliases: frozenset[str] = frozenset()  # those of `names` that its pages do not show as its name
    _variants: list[tuple[str, str, bool]] = field(default_factory=list, repr=False)

    def name_rows(self) -> list[tuple[str, str, bool]]:
        """(key, label, alias) for every spelling of every name, without repeats; a spelling shared by
        the name and an alias counts as the name's."""
        if not self._variants:
            seen: dict[str, tuple[str, bool]] = {}
            for label in self.names:
                for key in name_variants(label):
                    seen.setdefault(key[:300], (label[:300], label in self.aliases))
            self._variants = [(key, label, alias) for key, (label, alias) in seen.items()]
        return self._variants

    def entry_values(self) -> dict:
        keys = [key for key, _label, _alias in self.name_rows()]
        return {
            "names": index_text(keys, unique=True),
            "body": index_text(self.texts),
            "status": self.status,
            "publish_at": self.publish_at,
            "recency": self.recency,
        }


def _aliases_of(obj) -> frozenset[str]:
    """The spellings search knows an entry by besides the names its pages show."""
    shown = {obj.name, obj.name_ko} if hasattr(obj, "name") else {obj.title, obj.title_ko}
    return frozenset(name for name in obj.all_names() if name not in shown)


def film_document(film: Film) -> Document:
    characters = [name for character in film.characters.all() for name in character.all_names()]
    return Document(
        kind=Kind.FILM,
        object_id=film.pk,
        names=film.all_names(),
        aliases=_aliases_of(film),
        texts=[
            film.tagline,
            film.tagline_ko,
            *map(html_to_text, (film.synopsis, film.synopsis_ko)),
            film.genres,
            film.genres_ko,
            *characters,
        ],
        status=film.status,
        publish_at=film.publish_at,
    )


def person_document(person: Person) -> Document:
    voiced = [name for credit in person.credits.all() if credit.character for name in credit.character.all_names()]
    return Document(
        kind=Kind.PERSON,
        object_id=person.pk,
        names=person.all_names(),
        aliases=_aliases_of(person),
        texts=[*map(html_to_text, (person.bio, person.bio_ko)), person.known_for, person.known_for_ko, *voiced],
        status=person.status,
        publish_at=person.publish_at,
    )


def song_document(song: Song) -> Document:
    status, publish_at = song.effective_schedule
    return Document(
        kind=Kind.SONG,
        object_id=song.pk,
        names=song.all_names(),
        aliases=_aliases_of(song),
        texts=[song.description, song.description_ko, song.context, song.context_ko],
        status=status,
        publish_at=publish_at,
    )


def mentioned() -> Prefetch:
    """An article's mentions of public entries with the names of what they mention, and nothing else
    of those rows. Made for each read: whether an entry is public depends on the time."""
    # Ordered by id: every read (a save, an import, a rebuild) lists the names in the same order. Not by
    # article (Mention's own ordering), which joins the articles again.
    return Prefetch(
        "mentions",
        queryset=Mention.objects.of_public_entries()
        .order_by("pk")
        .select_related(*Mention.TARGETS)
        .only(
            "article",
            *Mention.TARGETS,
            *(
                f"{target}__{field}"
                for target in ("film", "person", "character")
                for field in ("name", "name_ko", "aliases")
            ),
            "song__title",
            "song__title_ko",
        ),
        to_attr="search_mentions",
    )


def article_document(article: Article) -> Document:
    topics = [name for topic in article.topics.all() for name in (topic.name, topic.name_ko) if name]
    mentioned = [name for mention in article.search_mentions for name in mention.target.all_names()]
    return Document(
        kind=Kind.ARTICLE,
        object_id=article.pk,
        names=[article.title],
        # Before the body, which may be cut (MAX_INDEXED_WORDS).
        texts=[article.subtitle, article.author, article.summary, *topics, *mentioned, article.body_text],
        status=article.status,
        publish_at=article.publish_at,
        recency=article.dated or article.publish_at,
    )


@dataclass(frozen=True)
class Source:
    kind: str
    model: type[models.Model]
    queryset: Callable[[], models.QuerySet]
    build: Callable[[models.Model], Document]
    relations: Callable[[], tuple] = tuple  # what `build` reads beyond the row, for objects already in memory


SOURCES: dict[str, Source] = {
    Kind.FILM: Source(Kind.FILM, Film, lambda: Film.objects.prefetch_related("characters"), film_document),
    Kind.PERSON: Source(
        Kind.PERSON,
        Person,
        lambda: Person.objects.prefetch_related(
            Prefetch("credits", queryset=Credit.objects.filter(character__isnull=False).select_related("character"))
        ),
        person_document,
    ),
    Kind.SONG: Source(Kind.SONG, Song, lambda: Song.objects.select_related("film"), song_document),
    Kind.ARTICLE: Source(
        Kind.ARTICLE,
        Article,
        lambda: Article.objects.prefetch_related("topics", mentioned()),
        article_document,
        lambda: ("topics", mentioned()),
    ),
}
MODEL_KINDS = {source.model: kind for kind, source in SOURCES.items()}
