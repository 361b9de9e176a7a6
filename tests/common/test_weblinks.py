"""Only web addresses become links: saving another scheme is refused, and one already stored is not linked."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

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


@pytest.mark.parametrize("feed_url", ["https://editor:secret@example.com/feed", "https://editor@example.com/feed"])
def test_a_feed_url_with_a_user_name_or_password_is_refused_at_the_form(feed_url):
    source = Source(name="S", slug="s", feed_url=feed_url)
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert refused.value.message_dict == {
        "feed_url": ["Leave the user name and password out of the address: the site does not send them."]
    }
    with translation.override("ko"):
        assert refused.value.messages == ["주소에서 사용자 이름과 비밀번호를 빼 주세요. 사이트는 이를 보내지 않습니다."]
