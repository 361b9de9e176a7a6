"""One definition of visible per model, held on every public URL.

A draft film has a published song, a character and credits; a topic and a source are used only
by a draft article. A published article and a published person point at all of them. No public
page, feed, sitemap or search result may show any of it, in either language.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from editorial.publishing import Status
from news.models import Mention
from tests import factories as f

pytestmark = pytest.mark.django_db

HIDDEN_NAMES = ("Hidden Orbit", "Secret Lullaby", "Unseen Pilot", "Backstage Rumours", "Quiet Wire")
HIDDEN_SLUGS = ("hidden-orbit", "secret-lullaby", "backstage-rumours", "quiet-wire")


@pytest.fixture
def draft_film_world():
    public_film = f.film(name="Lost in Starlight", slug="lost-in-starlight")
    hidden_film = f.film(name="Hidden Orbit", slug="hidden-orbit", status=Status.DRAFT)
    song = f.song(hidden_film, title="Secret Lullaby", slug="secret-lullaby")  # itself marked published
    pilot = f.character(hidden_film, name="Unseen Pilot")
    singer = f.person(name="Kim Tae-ri", slug="kim-tae-ri")
    f.voice(singer, pilot)
    f.voice(singer, f.character(public_film, name="Nan-young"))
    f.song_credit(song, singer)
    rumours = f.topic(name="Backstage Rumours")
    quiet = f.source(name="Quiet Wire", slug="quiet-wire")
    f.article(title="Rumours from the studio", status=Status.DRAFT, topics=[rumours], source=quiet)
    news = f.article(title="Kim Tae-ri on the road", body="<p>Kim Tae-ri talks about the tour.</p>")
    for target in ({"character": pilot}, {"song": song}, {"film": hidden_film}):
        Mention.objects.create(article=news, origin=Mention.Origin.MANUAL, **target)
    return {"news": news, "singer": singer, "rumours": rumours}


def public_urls(draft_film_world) -> list[str]:
    news, singer = draft_film_world["news"], draft_film_world["singer"]
    return [
        reverse("home"),
        reverse("catalog:film-list"),
        reverse("catalog:film-detail", args=["lost-in-starlight"]),
        reverse("catalog:person-list"),
        reverse("catalog:person-list") + "?film=hidden-orbit",
        singer.get_absolute_url(),
        reverse("catalog:song-list"),
        reverse("news:article-list"),
        reverse("news:article-list") + "?topic=backstage-rumours&source=quiet-wire",
        news.get_absolute_url(),
        reverse("news:feed-rss"),
        reverse("news:feed-atom"),
        reverse("news:person-feed", args=[singer.slug]),
        *(reverse("search:search") + f"?q={query}" for query in ("lullaby", "pilot", "orbit", "rumours", "kim")),
    ]


HIDDEN_PAGES = [
    ("catalog:film-detail", "hidden-orbit"),
    ("catalog:song-detail", "secret-lullaby"),
    ("news:topic-detail", "backstage-rumours"),
    ("news:topic-feed", "backstage-rumours"),
]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_public_page_shows_what_belongs_to_a_draft(client, draft_film_world, language):
    with translation.override(language):
        urls = public_urls(draft_film_world)
    sections = [
        reverse("sitemap-section", args=[name, 1])
        for name in ("pages", "films", "people", "songs", "articles", "topics")
    ]
    for url in [*urls, reverse("sitemap"), *sections, reverse("robots")]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        text = response.content.decode()
        echoed = {slug for slug in HIDDEN_SLUGS if slug in url}  # a filter's own query string comes back
        for hidden in HIDDEN_NAMES + tuple(set(HIDDEN_SLUGS) - echoed):
            assert hidden not in text, f"{hidden!r} shown on {url}"


@pytest.mark.parametrize(("name", "slug"), HIDDEN_PAGES)
def test_their_own_pages_answer_404(client, draft_film_world, name, slug):
    assert client.get(reverse(name, args=[slug])).status_code == 404


def test_staff_still_preview_them(admin_client, draft_film_world):
    page = admin_client.get(reverse("catalog:film-detail", args=["hidden-orbit"]))
    assert page.status_code == 200 and "Secret Lullaby" in page.content.decode()
    assert admin_client.get(reverse("catalog:song-detail", args=["secret-lullaby"])).status_code == 200


def test_they_appear_once_the_film_and_an_article_are_published(client, draft_film_world):
    from catalog.models import Film

    Film.objects.filter(slug="hidden-orbit").update(status=Status.PUBLISHED)
    assert client.get(reverse("catalog:song-detail", args=["secret-lullaby"])).status_code == 200
    f.article(topics=[draft_film_world["rumours"]])
    assert client.get(reverse("news:topic-detail", args=["backstage-rumours"])).status_code == 200
    assert "Unseen Pilot" in client.get(draft_film_world["news"].get_absolute_url()).content.decode()
