"""Every public page costs the same small number of queries however much there is to show."""

import pytest

from catalog.models import Credit
from tests import factories as f
from tests.pages import render_queries

pytestmark = pytest.mark.django_db


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
    before = render_queries(client, url)
    grow(world, 4)
    after = render_queries(client, url)
    assert after == before and after <= 10
