"""Only web addresses become links: saving another scheme is refused, and one already stored is not linked."""

import pytest
from django.core.exceptions import ValidationError

from catalog.models import PersonLink, Praise, Song
from news.models import Article, Source
from tests import factories as f

pytestmark = pytest.mark.django_db
HOSTILE = "javascript:alert(document.cookie)"


@pytest.mark.parametrize(
    "build",
    [
        lambda: PersonLink(person=f.person(), label="Wiki", url=HOSTILE),
        lambda: Song(film=f.film(), title="T", slug="t", media_url=HOSTILE),
        lambda: Praise(film=f.film(), quote="Q", author_name="A", source_url=HOSTILE),
        lambda: Article(title="T", slug="t", body="<p>x</p>", original_url=HOSTILE),
        lambda: Source(name="S", slug="s", url=" JavaScript:alert(1)"),
    ],
    ids=["person link", "song", "praise", "article", "source"],
)
def test_saving_a_non_web_address_is_refused_outside_the_admin_too(build):
    with pytest.raises(ValidationError):
        build().save()


def test_addresses_stored_before_are_never_linked(client):
    person = f.person(name="Kim Tae-ri", slug="kim-tae-ri")
    link = PersonLink.objects.create(person=person, label="Wiki", url="https://example.com/kim")
    PersonLink.objects.filter(pk=link.pk).update(url=HOSTILE)  # as a raw write would leave it
    film = f.film(name="Lost in Starlight", slug="lost-in-starlight")
    song = f.song(film, slug="bon-voyage", media_url="https://example.com/listen")
    Song.objects.filter(pk=song.pk).update(media_url=HOSTILE)
    article = f.article(slug="a", original_url="https://example.com/a", source=f.source(url="https://example.com"))
    Article.objects.filter(pk=article.pk).update(original_url=HOSTILE)
    for url in (person.get_absolute_url(), song.get_absolute_url(), article.get_absolute_url()):
        assert "javascript:" not in client.get(url).content.decode().lower(), url
