"""“Known for” lines link to the works the catalog shows, read in two queries however many lines there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import known_for as known_for_module
from catalog.known_for import KnownFor, known_for, works_by_name
from catalog.models import Film
from editorial.publishing import Status
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def works():
    film = f.film(name="The Summer", name_ko="여름의 빛", slug="the-summer", aliases="Summer Light")
    song = f.song(film, title="Bon Voyage", title_ko="봉 보야주", slug="bon-voyage")
    f.draft(f.film, name="Parasite", slug="parasite")
    f.draft(f.song, film, title="Secret Demo", slug="secret-demo")
    f.song(f.draft(f.film, name="Sequel", slug="sequel"), title="Okja", slug="okja")  # its film is a draft
    return film, song


def links(person):
    return [(item.text, item.url) for item in known_for(person)]


def test_lines_naming_a_public_film_or_song_link_to_it(works):
    film, song = works
    person = f.person(
        known_for="The Summer (2023)\n"
        "여름의 빛 — The Summer Light (2023 short)\n"
        "summer   light\n"
        "“Bon Voyage”\n"
        "봉 보야주\n"
        "Parasite\n"
        "Secret Demo\n"
        "Okja\n"
        "The Summer Holiday\n"
        "Mr. Sunshine"
    )
    assert links(person) == [
        ("The Summer (2023)", film.get_absolute_url()),
        ("여름의 빛 — The Summer Light (2023 short)", film.get_absolute_url()),
        ("summer   light", film.get_absolute_url()),
        ("“Bon Voyage”", song.get_absolute_url()),
        ("봉 보야주", song.get_absolute_url()),
        ("Parasite", ""),  # a draft film
        ("Secret Demo", ""),  # a draft song
        ("Okja", ""),  # a song of a draft film
        ("The Summer Holiday", ""),  # a title inside a line is not the line's work
        ("Mr. Sunshine", ""),
    ]


def test_a_film_wins_a_name_it_shares_with_a_song(works):
    film, _song = works
    f.song(film, title="The Summer", slug="the-summer-song")
    assert links(f.person(known_for="The Summer")) == [("The Summer", film.get_absolute_url())]


def test_the_works_are_read_in_two_queries(works, django_assert_num_queries):
    with django_assert_num_queries(2):
        found = works_by_name()
    assert found["the summer"] == found["summer light"] == found["여름의 빛"] == works[0]
    assert found["bon voyage"] == found["봉 보야주"] == works[1]
    assert "parasite" not in found and "okja" not in found


def test_the_works_are_read_once_for_every_person_until_the_content_changes(works, monkeypatch):
    reads = []
    monkeypatch.setattr(known_for_module, "works_by_name", lambda: reads.append(1) or works_by_name())
    person = f.person(known_for="\n".join(f"Line {n}" for n in range(50)) + "\nThe Summer")
    assert known_for(person)[-1] == KnownFor("The Summer", works[0])
    assert links(f.person(known_for="The Summer\nBon Voyage"))[1] == ("Bon Voyage", works[1].get_absolute_url())
    assert len(reads) == 1


@pytest.mark.django_db(transaction=True)  # the content version moves when a save commits
def test_a_newly_published_film_is_linked_at_once(works):
    person = f.person(known_for="Parasite")
    assert links(person) == [("Parasite", "")]
    parasite = Film.objects.get(slug="parasite")
    parasite.status = Status.PUBLISHED
    parasite.save()
    assert links(person) == [("Parasite", parasite.get_absolute_url())]


def test_a_person_with_nothing_known_for_costs_no_query():
    person = f.person()
    with CaptureQueriesContext(connection) as queries:
        assert known_for(person) == []
    assert len(queries) == 0


def test_a_line_naming_a_catalog_film_without_a_year_is_dated_by_the_film(world, client):
    from tests.pages import soup

    world.kim.known_for = "Lost in Starlight\nLost Starlight (2025)\nThe Handmaiden"
    world.kim.save()
    known = soup(client.get("/people/kim-tae-ri/")).find(attrs={"aria-labelledby": "known-title"})
    assert [li.get_text() for li in known.find_all("li")] == [
        "Lost in Starlight, 2025",
        "Lost Starlight (2025)",  # dated by its editor already
        "The Handmaiden",  # not in the catalog: nothing to date it by
    ]
