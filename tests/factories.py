"""Small builders for test data: real rows, saved through the models' own rules; and the users."""

import datetime as dt
import io
import itertools

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PillowImage

from catalog.models import Character, Credit, Film, Image, Person, Song, SongCredit
from editorial.publishing import Status
from news.models import Article, Source, Topic

_seq = itertools.count(1)

PASSWORD = "a-long-test-password-9"  # every user's, unless a test says otherwise


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def staff_user(username: str, *, group: str | None = None, password: str = PASSWORD, **values) -> User:
    """A user who may sign in to the admin; in one of the editorial roles' groups when `group` is given."""
    user = User.objects.create_user(username, password=password, is_staff=True, **values)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def superuser(username: str = "admin", *, password: str = PASSWORD, **values) -> User:
    return User.objects.create_superuser(username, password=password, **values)


def image(data: bytes, name: str, alt: str, **values) -> Image:
    obj = Image(alt_text=alt, **values)
    obj.file.save(name, ContentFile(data), save=False)
    obj.save()
    return obj


def png(size=(800, 600), colour=(230, 90, 140)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def picture(alt: str = "Vega at the observatory", **values) -> Image:
    """A library picture, 800×600."""
    return image(png(), "still.png", alt, **values)


def film(**values) -> Film:
    n = next(_seq)
    values.setdefault("name", f"Film {n}")
    values.setdefault("slug", f"film-{n}")
    values.setdefault("year", 2025)
    return Film.objects.create(**values)


def person(**values) -> Person:
    n = next(_seq)
    values.setdefault("name", f"Person {n}")
    values.setdefault("slug", f"person-{n}")
    return Person.objects.create(**values)


def character(film_obj, **values) -> Character:
    n = next(_seq)
    values.setdefault("name", f"Character {n}")
    return Character.objects.create(film=film_obj, **values)


def voice(person_obj, character_obj, language="ko", **values) -> Credit:
    return Credit.objects.create(
        person=person_obj,
        film=character_obj.film,
        role=Credit.Role.VOICE,
        character=character_obj,
        language=language,
        **values,
    )


def song(film_obj, **values) -> Song:
    n = next(_seq)
    values.setdefault("title", f"Song {n}")
    values.setdefault("slug", f"song-{n}")
    return Song.objects.create(film=film_obj, **values)


def song_credit(song_obj, person_obj, role=SongCredit.Role.PERFORMER, **values) -> SongCredit:
    return SongCredit.objects.create(song=song_obj, person=person_obj, role=role, **values)


def source(**values) -> Source:
    n = next(_seq)
    values.setdefault("name", f"Source {n}")
    values.setdefault("slug", f"source-{n}")
    return Source.objects.create(**values)


def topic(name=None, **values) -> Topic:
    n = next(_seq)
    name = name or f"Topic {n}"
    values.setdefault("slug", Topic.slug_for(name))
    return Topic.objects.create(name=name, **values)


def article(*, topics=(), **values) -> Article:
    n = next(_seq)
    values.setdefault("title", f"Article {n}")
    values.setdefault("slug", f"article-{n}")
    values.setdefault("body", f"<p>Body of article {n}.</p>")
    values.setdefault("publish_at", timezone.now() - dt.timedelta(hours=n))
    obj = Article.objects.create(**values)
    if topics:
        obj.topics.set(topics)
    return obj


def draft(factory, *args, **values):
    return factory(*args, status=Status.DRAFT, **values)


def scheduled(factory, *args, **values):
    return factory(*args, publish_at=timezone.now() + dt.timedelta(days=3), **values)
