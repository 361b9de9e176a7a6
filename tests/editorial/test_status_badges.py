"""Lists say what each row is: draft, scheduled or published; and which articles still need review."""

import pytest
from django.urls import reverse

from editorial.publishing import Status
from news.models import Article
from tests import factories as f
from tests.pages import soup

pytestmark = pytest.mark.django_db
ARTICLES = reverse("admin:news_article_changelist")


@pytest.fixture
def three():
    return {
        "draft": f.draft(f.article, title="A draft"),
        "scheduled": f.scheduled(f.article, title="Going live on Friday"),
        "published": f.article(title="Already live"),
    }


def badges(response) -> dict[str, str]:
    rows = soup(response).select("#result_list tbody tr")
    return {row.select_one(".field-title").get_text(strip=True): row.select_one(".state").get_text() for row in rows}


def test_a_scheduled_row_is_scheduled_not_published(editor_client, three):
    assert badges(editor_client.get(ARTICLES)) == {
        "A draft": "Draft",
        "Going live on Friday": "Scheduled",
        "Already live": "Published",
    }


@pytest.mark.parametrize(("state", "title"), [("draft", "A draft"), ("scheduled", "Going live on Friday")])
def test_the_status_filter_knows_scheduled(editor_client, three, state, title):
    assert list(badges(editor_client.get(ARTICLES, {"state": state}))) == [title]


def test_the_film_list_uses_the_same_badges(editor_client):
    f.scheduled(f.film, name="A film to come", slug="to-come")
    html = editor_client.get(reverse("admin:catalog_film_changelist")).content.decode()
    assert 'class="state state--scheduled"' in html


def test_needs_review_is_a_warning_badge_not_a_green_tick(editor_client):
    f.draft(f.article, title="Flagged", needs_review=True, review_reason="date missing")
    f.draft(f.article, title="Checked")
    rows = soup(editor_client.get(ARTICLES)).select("#result_list tbody tr")
    review = {row.select_one(".field-title").get_text(strip=True): row.select_one(".field-review") for row in rows}
    flagged = review["Flagged"].select_one(".state--review")
    assert flagged.get_text() == "Needs review" and flagged["title"] == "date missing"
    assert not review["Checked"].select(".state, img")  # nothing to see: no badge, no tick


def test_publishing_unreviewed_imports_asks_first_and_says_how_many(editor_client):
    flagged = f.draft(f.article, title="Flagged", needs_review=True, review_reason="title guessed")
    fine = f.draft(f.article, title="Fine")
    chosen = {"action": "publish_now", "_selected_action": [flagged.pk, fine.pk]}
    response = editor_client.post(ARTICLES, chosen)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 of the 2 chosen still needs review" in html and "title guessed" in html
    assert not Article.objects.filter(status=Status.PUBLISHED).exists()

    assert editor_client.post(ARTICLES, {**chosen, "confirmed": "yes"}).status_code == 302
    assert set(Article.objects.published().values_list("title", flat=True)) == {"Flagged", "Fine"}


def test_publishing_reviewed_rows_needs_no_question(editor_client):
    draft = f.draft(f.article, title="Fine")
    assert editor_client.post(ARTICLES, {"action": "publish_now", "_selected_action": [draft.pk]}).status_code == 302
    assert Article.objects.published().filter(pk=draft.pk).exists()
