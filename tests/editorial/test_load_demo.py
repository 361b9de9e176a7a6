"""`load_demo` only ever adds: what editors changed in demo rows survives every run (and so every `make run`)."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalog.models import Credit, Film, Person, Song
from editorial.publishing import Status
from news.models import Article

pytestmark = pytest.mark.django_db


def load():
    call_command("load_demo", stdout=(out := StringIO()))
    return out.getvalue()


def test_editors_changes_to_demo_rows_survive_another_run():
    load()
    film = Film.objects.get(slug="lost-in-starlight")
    film.tagline, film.poster = "An editor's tagline", None
    film.save()
    person = Person.objects.get(slug="kim-tae-ri")
    person.known_for, person.status, person.photo = "Only this", Status.DRAFT, None
    person.save()
    Song.objects.filter(slug="bon-voyage").update(description="Rewritten by an editor")
    article = Article.objects.first()
    article.title, article.status = "A better headline", Status.DRAFT
    article.save()
    credit = Credit.objects.filter(role=Credit.Role.VOICE).first()
    credit.note = "edited"
    credit.save()

    assert "nothing changed" in load()

    film.refresh_from_db()
    person.refresh_from_db()
    article.refresh_from_db()
    credit.refresh_from_db()
    assert (film.tagline, film.poster) == ("An editor's tagline", None)
    assert (person.known_for, person.status, person.photo) == ("Only this", Status.DRAFT, None)
    assert Song.objects.get(slug="bon-voyage").description == "Rewritten by an editor"
    assert (article.title, article.status) == ("A better headline", Status.DRAFT)
    assert credit.note == "edited"


def test_a_deleted_demo_row_comes_back_and_nothing_else_changes():
    load()
    Song.objects.filter(slug="bon-voyage").delete()
    edited = Person.objects.get(slug="hong-kyung")
    edited.bio = "Kept"
    edited.save()
    assert "Demo content loaded" in load()
    assert Song.objects.filter(slug="bon-voyage").exists()
    assert Person.objects.get(slug="hong-kyung").bio == "<p>Kept</p>"
