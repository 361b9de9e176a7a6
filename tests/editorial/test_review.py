"""The review round trip: a contributor submits a draft, editors see it queued, send it back with a
comment the writer reads, or approve it by publishing; every step is in the history."""

import pytest
from django.test import Client
from django.urls import reverse

from editorial.models import ReviewRequest
from news.models import Article
from tests.editorial.forms import added_through_admin, change_form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def press(client, article, button, **changes):
    url = change_url(article)
    return client.post(url, change_form_data(client.get(url), **{button: "1"}, **changes))


@pytest.fixture
def contributor_client(contributor):
    """Clients of their own: the shared ones are one client signed in as whoever came last."""
    client = Client()
    client.force_login(contributor)
    return client


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def submitted(contributor_client):
    article = added_through_admin(
        contributor_client, Article, title="Notes from the dubbing studio", slug="dubbing", body="<p>Notes.</p>"
    )
    assert press(contributor_client, article, "_submit_for_review").status_code == 302
    return article


def test_a_contributor_submits_a_draft_and_editors_see_who_and_when(submitted, editor_client):
    request = ReviewRequest.objects.for_object(submitted).get()
    assert request.state == "waiting" and request.submitted_by.username == "carl"
    assert submitted.history.first().history_change_reason == "Submitted for review"
    home = editor_client.get(reverse("admin:index")).content.decode()
    queue = home[home.index("Submitted for review") : home.index("Drafts")]
    assert "Notes from the dubbing studio" in queue and "by carl" in queue
    page = editor_client.get(change_url(submitted)).content.decode()
    assert "Waiting for review since" in page and 'name="_send_back"' in page


def test_sending_back_needs_a_comment(submitted, editor_client):
    response = press(editor_client, submitted, "_send_back", review_comment="  ")
    assert response.status_code == 200 and "sending a draft back needs a comment" in response.content.decode()
    assert ReviewRequest.objects.for_object(submitted).get().state == "waiting"


def test_a_draft_sent_back_shows_the_comment_to_its_writer(submitted, editor_client, contributor_client):
    comment = "Please add the date of the recording session."
    assert press(editor_client, submitted, "_send_back", review_comment=comment).status_code == 302
    request = ReviewRequest.objects.for_object(submitted).get()
    assert (request.state, request.comment, request.decided_by.username) == ("returned", comment, "edna")
    submitted.refresh_from_db()
    assert submitted.status == "draft"
    assert submitted.history.first().history_change_reason == f"Sent back for changes: {comment}"
    page = contributor_client.get(change_url(submitted)).content.decode()
    assert "Sent back for changes by edna" in page and comment in page
    home = editor_client.get(reverse("admin:index")).content.decode()
    assert "Notes from the dubbing studio" not in home[home.index("Submitted for review") : home.index("Drafts")]

    # Resubmitted: waiting again, the old comment gone from the page.
    assert press(contributor_client, submitted, "_submit_for_review").status_code == 302
    assert ReviewRequest.objects.for_object(submitted).get().state == "waiting"


def test_publishing_a_submitted_draft_approves_it(submitted, editor_client):
    assert press(editor_client, submitted, "_publish_now").status_code == 302
    assert Article.objects.published().filter(pk=submitted.pk).exists()
    assert ReviewRequest.objects.for_object(submitted).get().state == "approved"
    reasons = list(submitted.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["Published now", "Submitted for review"]


def test_contributors_cannot_send_back(submitted, contributor_client):
    assert press(contributor_client, submitted, "_send_back", review_comment="no").status_code == 403


def test_a_deleted_entry_leaves_the_queue(submitted, editor_client):
    Article.objects.filter(pk=submitted.pk).delete()
    home = editor_client.get(reverse("admin:index")).content.decode()
    assert "Nothing waiting." in home
