import pytest

from editorial.publishing import Status
from news.models import Mention
from tests import factories as f
from tests.visitors import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_publishing_a_mentioned_person_refreshes_the_article_detail():
    person = f.draft(f.person, name="Hidden Singer", slug="hidden-singer")
    article = f.article(slug="one")
    Mention.objects.create(article=article, person=person, origin=Mention.Origin.MANUAL)
    visitor, url = Visitor(), "/api/v1/articles/one/?include=mentions"
    assert visitor.get(url).json()["embedded"]["mentions"] == []
    person.status = Status.PUBLISHED
    person.save()
    again = visitor.get(url)
    assert [m["slug"] for m in again.json()["embedded"]["mentions"]] == ["hidden-singer"], again["X-Page-Cache"]


def test_publishing_a_song_refreshes_the_film_detail():
    film = f.film(slug="the-film")
    song = f.draft(f.song, film, slug="new-song")
    visitor, url = Visitor(), "/api/v1/films/the-film/?include=songs"
    assert visitor.get(url).json()["embedded"]["songs"] == []
    song.status = Status.PUBLISHED
    song.save()
    again = visitor.get(url)
    assert [s["slug"] for s in again.json()["embedded"]["songs"]] == ["new-song"], again["X-Page-Cache"]


@pytest.mark.parametrize("url", ["/api/v1/topics/music/", "/api/v1/sources/wire/"])
def test_unpublishing_a_topics_last_article_hides_the_topic(url):
    article = f.article(slug="one", topics=[f.topic("Music")], source=f.source(name="Wire", slug="wire"))
    visitor = Visitor()
    assert visitor.get(url).status_code == 200
    article.status = Status.DRAFT
    article.save()
    again = visitor.get(url)
    assert again.status_code == 404, again["X-Page-Cache"]
