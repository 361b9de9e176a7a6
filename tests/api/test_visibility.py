"""The API shows only what visitors may see, by the models' own `published()`: drafts, scheduled rows,
a song or character of a draft film, a topic or source only drafts use, a draft person's credit and
mentions of hidden entries are in no list, embed or search, and their details answer 404."""

import json

import pytest

from editorial.publishing import Status
from news.models import Mention
from tests import factories as f

pytestmark = pytest.mark.django_db

HIDDEN_DETAILS = [
    "/api/v1/articles/secret-draft/",
    "/api/v1/articles/future-piece/",
    "/api/v1/people/hidden-person/",
    "/api/v1/people/future-person/",
    "/api/v1/films/sequel/",
    "/api/v1/songs/sequel-theme/",
    "/api/v1/songs/unreleased-demo/",
    "/api/v1/songs/future-single/",
    "/api/v1/topics/backstage-rumours/",
    "/api/v1/sources/quiet-wire/",
]
LISTS = [
    "/api/v1/films/?include=characters,songs",
    "/api/v1/people/",
    "/api/v1/characters/",
    "/api/v1/songs/?include=film,credits",
    "/api/v1/articles/?include=topics,source,mentions",
    "/api/v1/articles/review/?include=topics,source,mentions",
    "/api/v1/topics/",
    "/api/v1/sources/",
    "/api/v1/search/?q=zanzibarite",
    "/api/v1/search/?q=quokkalicious",
    "/api/v1/search/?q=unseen",
]
HIDDEN_WORDS = (
    "secret-draft", "future-piece", "hidden-person", "future-person", "sequel", "unreleased-demo",
    "future-single", "Unseen Pilot", "backstage-rumours", "quiet-wire", "Zanzibarite", "Quokkalicious",
)  # fmt: skip


@pytest.fixture
def hidden_world(world):
    """Beside the world's drafts: a character of the draft film, a topic and a source only a draft
    article uses, and a published article that mentions every hidden entry."""
    pilot = f.character(world.hidden.draft_film, name="Unseen Pilot")
    f.article(
        title="Rumours",
        slug="rumours",
        status=Status.DRAFT,
        topics=[f.topic(name="Backstage Rumours")],
        source=f.source(name="Quiet Wire", slug="quiet-wire"),
    )
    review = world.articles.review
    for target in (
        {"character": pilot},
        {"song": world.hidden.orphan_song},
        {"song": world.hidden.draft_song},
        {"film": world.hidden.draft_film},
        {"person": world.hidden.draft_person},
        {"person": world.hidden.scheduled_person},
    ):
        Mention.objects.create(article=review, origin=Mention.Origin.MANUAL, **target)
    return world


@pytest.mark.parametrize("url", HIDDEN_DETAILS)
def test_a_hidden_entry_answers_404(client, hidden_world, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_character_of_a_draft_film_answers_404(client, hidden_world):
    pilot = hidden_world.hidden.draft_film.characters.get()
    assert client.get(f"/api/v1/characters/{pilot.pk}/").status_code == 404


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("language", ["en", "all"])
def test_no_list_embed_or_search_shows_a_hidden_entry(client, hidden_world, url, language):
    response = client.get(url + ("&" if "?" in url else "?") + f"lang={language}")
    assert response.status_code == 200
    body = response.json()
    if "groups" in body:  # a search: what it found, not the words it was asked
        assert sum(group["count"] for group in body["groups"]) == 0
        body = body["groups"]
    text = json.dumps(body, ensure_ascii=False)
    assert not [word for word in HIDDEN_WORDS if word.lower() in text.lower()]
