"""Every public page costs the same small number of queries however much there is to show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Credit
from tests import factories as f

pytestmark = pytest.mark.django_db


# Transaction control and planner settings read no table: search sets PostgreSQL's planner for its
# reads inside a transaction of its own (search/backends/postgresql.py).
NOT_QUERIES = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL")


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return sum(not query["sql"].lstrip().upper().startswith(NOT_QUERIES) for query in context.captured_queries)


def grow(world, n):
    film = world.film
    for i in range(n):
        character = f.character(film, name=f"Extra {i}")
        f.voice(f.person(name=f"Voice {i}", slug=f"voice-{i}"), character, "ko")
        Credit.objects.create(person=f.person(name=f"Composer {i}", slug=f"composer-{i}"), film=film, role="music")
        song = f.song(film, title=f"Track {i}", slug=f"track-{i}")
        f.song_credit(song, f.person(name=f"Singer {i}", slug=f"singer-{i}"))
        f.article(
            title=f"Lost in Starlight story {i}",
            slug=f"story-{i}",
            body="<p>Lost in Starlight: Kim Tae-ri sings Bon Voyage.</p>",
            source=world.desk,
            topics=[world.music, world.reviews],
        )


PAGES = [
    "/",
    "/ko/",
    "/films/",
    "/films/lost-in-starlight/",
    "/ko/films/lost-in-starlight/",
    "/people/",
    "/people/kim-tae-ri/",
    "/songs/",
    "/songs/bon-voyage/",
    "/news/",
    "/news/?topic=music",
    "/news/review/",
    "/news/topics/reviews/",
    "/news/feed/rss/",
    "/search/?q=kim",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", PAGES)
def test_query_count_is_small_and_does_not_grow_with_the_content(world, client, url):
    before = count(client, url)
    grow(world, 4)
    after = count(client, url)
    assert after == before and after <= 10
