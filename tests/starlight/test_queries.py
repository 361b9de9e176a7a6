"""The pages this design fills in cost the same number of queries however much there is to show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Credit
from tests import factories as f

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def grow(world, n):
    film = world.film
    for i in range(n):
        character = f.character(film, name=f"Extra {i}")
        f.voice(f.person(name=f"Voice {i}", slug=f"voice-{i}"), character, "ko")
        Credit.objects.create(person=f.person(name=f"Composer {i}", slug=f"composer-{i}"), film=film, role="music")
        song = f.song(film, title=f"Track {i}", slug=f"track-{i}")
        f.song_credit(song, f.person(name=f"Singer {i}", slug=f"singer-{i}"))
        f.article(title=f"Lost in Starlight story {i}", slug=f"story-{i}", body="<p>Lost in Starlight.</p>")


@pytest.mark.parametrize(
    "url", ["/", "/ko/", "/films/lost-in-starlight/", "/ko/films/lost-in-starlight/", "/songs/bon-voyage/"]
)
def test_query_count_does_not_grow_with_the_content(world, client, url):
    before = count(client, url)
    grow(world, 4)
    assert count(client, url) == before
