"""`public_names`: the names of catalog entries visitors may see, read in one query, kept per entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.selectors import public_names
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_every_kind_of_entry_gives_its_names_and_a_hidden_one_none():
    film = f.film(name="Lost in Starlight", name_ko="이 별에 필요한", aliases="Starlight")
    hidden_film = f.draft(f.film, name="Unreleased")
    person = f.person(name="Kim Tae-ri", name_ko="김태리", aliases="Kim Tai-ri")
    character = f.character(film, name="Nan-young", name_ko="난영")
    song = f.song(film, title="Bon Voyage", title_ko="봉 보야지")
    entries = [
        ("film", film.pk),
        ("person", person.pk),
        ("character", character.pk),
        ("song", song.pk),
        ("film", hidden_film.pk),
        ("person", f.scheduled(f.person, name="Not Yet").pk),
        ("character", f.character(hidden_film, name="Hidden Hero").pk),  # of a draft film
        ("song", f.song(hidden_film, title="Hidden Song").pk),  # published, but of a draft film
        ("song", f.draft(f.song, film, title="Draft Song").pk),
    ]
    with CaptureQueriesContext(connection) as context:
        names = public_names(entries)
    reads = [query for query in context.captured_queries if '"aliases"' in query["sql"]]
    assert len(reads) == 1  # every kind at once
    assert names == {
        ("film", film.pk): ["Lost in Starlight", "이 별에 필요한", "Starlight"],
        ("person", person.pk): ["Kim Tae-ri", "김태리", "Kim Tai-ri"],
        ("character", character.pk): ["Nan-young", "난영"],
        ("song", song.pk): ["Bon Voyage", "봉 보야지"],
        **{entry: [] for entry in entries[4:]},
    }
    with CaptureQueriesContext(connection) as context:
        assert public_names(entries[:2]) == {entry: names[entry] for entry in entries[:2]}
    assert not [query for query in context.captured_queries if '"aliases"' in query["sql"]]  # kept


def test_no_entries_read_nothing():
    assert public_names([]) == {}
