"""What each kind of object contributes to the index: its names, its other text, its visibility."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch

from catalog.models import Credit, Film, Person, Song
from editorial.sanitize import html_to_text
from news.models import Article

from .models import Kind
from .text import index_text, name_variants


@dataclass
class Document:
    kind: str
    object_id: int
    names: list[str]  # as written: name, Hangul name, aliases; an article's title
    texts: list[str]  # everything else that should find it
    status: str
    publish_at: dt.datetime
    recency: dt.datetime | None = None
    _variants: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def name_rows(self) -> list[tuple[str, str]]:
        """(key, label) for every spelling of every name, without repeats."""
        if not self._variants:
            seen: dict[str, str] = {}
            for label in self.names:
                for key in name_variants(label):
                    seen.setdefault(key[:300], label[:300])
            self._variants = list(seen.items())
        return self._variants

    def entry_values(self) -> dict:
        keys = [key for key, _label in self.name_rows()]
        return {
            "names": index_text(keys, unique=True),
            "body": index_text(self.texts),
            "status": self.status,
            "publish_at": self.publish_at,
            "recency": self.recency,
        }


def _names_of(obj) -> list[str]:
    return obj.all_names()


def film_document(film: Film) -> Document:
    characters = [name for character in film.characters.all() for name in character.all_names()]
    return Document(
        kind=Kind.FILM,
        object_id=film.pk,
        names=_names_of(film),
        texts=[
            film.tagline,
            film.tagline_ko,
            *map(html_to_text, (film.synopsis, film.synopsis_ko)),
            film.genres,
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
        names=_names_of(person),
        texts=[*map(html_to_text, (person.bio, person.bio_ko)), person.known_for, person.known_for_ko, *voiced],
        status=person.status,
        publish_at=person.publish_at,
    )


def song_document(song: Song) -> Document:
    status, publish_at = song.effective_schedule
    return Document(
        kind=Kind.SONG,
        object_id=song.pk,
        names=_names_of(song),
        texts=[song.description, song.description_ko],
        status=status,
        publish_at=publish_at,
    )


def article_document(article: Article) -> Document:
    topics = [name for topic in article.topics.all() for name in (topic.name, topic.name_ko) if name]
    return Document(
        kind=Kind.ARTICLE,
        object_id=article.pk,
        names=[article.title],
        texts=[article.subtitle, article.author, article.summary, article.body_text, *topics],
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
    relations: tuple = ()  # what `build` reads beyond the row, for objects already in memory


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
        Kind.ARTICLE, Article, lambda: Article.objects.prefetch_related("topics"), article_document, ("topics",)
    ),
}
MODEL_KINDS = {source.model: kind for kind, source in SOURCES.items()}
