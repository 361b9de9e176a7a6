"""load_demo fills the catalog with the fact sheet's film and people, and is idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalog.models import Character, Credit, Film, Image, Person, Praise, Release, Song, split_lines
from news.models import Article, Topic

pytestmark = pytest.mark.django_db


def counts():
    models = (Film, Person, Character, Credit, Song, Praise, Image, Article)
    return {model.__name__: model.objects.count() for model in models}


def test_load_demo_twice_changes_nothing():
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo content loaded" in out.getvalue()
    first = counts()
    call_command("load_demo", stdout=(out := StringIO()))
    assert "nothing changed" in out.getvalue()
    assert counts() == first


def test_demo_catalog_carries_the_facts():
    call_command("load_demo", stdout=StringIO())
    film = Film.objects.get(slug="lost-in-starlight")
    assert (film.name_ko, film.year, film.runtime_minutes) == ("이 별에 필요한", 2025, 96)
    assert film.poster and film.poster.renditions
    voices = {(c.character.name, c.language): c.person.name for c in film.credits.filter(role=Credit.Role.VOICE)}
    assert voices == {
        ("Nan-young", "ko"): "Kim Tae-ri",
        ("Jay", "ko"): "Hong Kyung",
        ("Nan-young", "en"): "Maitreyi Ramakrishnan",
        ("Jay", "en"): "Justin H. Min",
    }
    assert Person.objects.get(slug="kim-tae-ri").alias_list == ["Kim Tai-ri", "Kim Tae-Ri"]
    song = Song.objects.get(slug="bon-voyage")
    assert song.credits.get().person.name == "V"
    assert song.context and song.context_ko and song.duration is None  # the fact sheet gives no length
    crew = {(c.person.name, c.role) for c in film.credits.exclude(role=Credit.Role.VOICE)}
    assert crew == {("Han Ji-won", "director"), ("Han Ji-won", "screenplay"), ("Kang Hyun-joo", "screenplay")}
    assert Praise.objects.get().author.name == "Bong Joon-ho"
    assert not Credit.objects.filter(person__slug="bong-joon-ho").exists()


def test_demo_fills_the_korean_fields():
    call_command("load_demo", stdout=StringIO())
    film = Film.objects.get(slug="lost-in-starlight")
    assert film.genres_ko and film.tagline_ko and film.synopsis_ko
    for release in film.releases.all():
        assert release.region_ko and release.platform_ko and bool(release.note_ko) == bool(release.note), release
    assert all(character.name_ko and character.description_ko for character in film.characters.all())
    for person in Person.objects.all():
        assert person.name_ko and person.bio_ko, person
        assert len(person.known_for_list) == len(split_lines(person.known_for_ko)), person
    song = Song.objects.get(slug="bon-voyage")
    assert song.description_ko and song.credits.get().note_ko == "뷔 버전"
    assert all(image.alt_text_ko for image in Image.objects.all())
    assert all(topic.description_ko for topic in Topic.objects.all())


def test_demo_leaves_the_korean_fields_of_existing_rows_alone():
    """Rows from before the Korean fields keep them empty: loading never writes over a row."""
    call_command("load_demo", stdout=StringIO())
    Release.objects.update(note_ko="")
    Person.objects.filter(slug="kim-tae-ri").update(known_for_ko="편집자가 쓴 목록")
    call_command("load_demo", stdout=StringIO())
    assert set(Release.objects.values_list("note_ko", flat=True)) == {""}
    assert Person.objects.get(slug="kim-tae-ri").known_for_ko == "편집자가 쓴 목록"
