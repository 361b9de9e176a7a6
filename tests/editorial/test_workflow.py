"""The workflow in sight: review steps as badges and filters, drafts that came back on their writer's
dashboard, handled entries gone from it, and publishing a flagged import asked for and clearing its flag."""

import pytest
from django.test import Client
from django.urls import reverse

from editorial import workflow
from editorial.models import ReviewRequest
from news import duplicates
from news.models import Article
from tests import factories as f
from tests.editorial.forms import change_form_data

pytestmark = pytest.mark.django_db

COMMENT = "Name the studio where it was recorded."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def press(client, article, button, **changes):
    url = reverse("admin:news_article_change", args=[article.pk])
    return client.post(url, change_form_data(client.get(url), **{button: "1"}, **changes))


def home(client) -> str:
    return client.get(reverse("admin:index")).content.decode()


def part(html: str, heading_id: str) -> str:
    """One section of the dashboard, up to the next."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.find("</section>", start)]


@pytest.fixture
def written(contributor):
    return f.draft(f.article, title="Dubbing notes", created_by=contributor)


@pytest.fixture
def submitted(written, contributor):
    workflow.submit(written, user=contributor)
    return written


@pytest.fixture
def sent_back(submitted, editor):
    workflow.send_back(submitted, user=editor, comment=COMMENT)
    return submitted


def test_the_article_list_shows_each_step_as_a_badge_and_filters_by_it(submitted, editor):
    returned = f.draft(f.article, title="Studio diary")
    workflow.submit(returned, user=editor)
    workflow.send_back(returned, user=editor, comment="Shorter, please.")
    f.draft(f.article, title="Untouched draft")
    client = signed_in(editor)
    changelist = reverse("admin:news_article_changelist")
    listed = client.get(changelist).content.decode()
    assert 'class="state state--waiting"' in listed and 'class="state state--returned"' in listed
    waiting = client.get(changelist + "?review_step=waiting").content.decode()
    assert "Dubbing notes" in waiting and "Studio diary" not in waiting and "Untouched draft" not in waiting
    back = client.get(changelist + "?review_step=returned").content.decode()
    assert "Studio diary" in back and "Dubbing notes" not in back
    assert "review step" in listed and "?review_step=returned" in listed


def test_the_article_list_costs_the_same_however_many_are_in_review(
    editor, django_assert_num_queries, django_assert_max_num_queries
):
    client = signed_in(editor)
    changelist = reverse("admin:news_article_changelist")

    def add(count):
        for _ in range(count):
            article = f.draft(f.article)
            workflow.submit(article, user=editor)

    add(2)
    client.get(changelist)  # the first request loads the session and the content types
    with django_assert_max_num_queries(20) as few:
        client.get(changelist)
    add(10)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(changelist)


def test_the_form_shows_the_step_at_the_top(sent_back, contributor):
    page = signed_in(contributor).get(reverse("admin:news_article_change", args=[sent_back.pk])).content.decode()
    top = page[page.index('class="publishing-state"') :]
    assert top.index("state--returned") < top.index(COMMENT)


def test_a_writer_sees_which_drafts_came_back_and_why_until_they_resubmit(sent_back, contributor, editor):
    client = signed_in(contributor)
    back = part(home(client), "worklist-sent-back")
    assert "Dubbing notes" in back and COMMENT in back
    assert "worklist-sent-back" not in home(signed_in(editor))  # the editor did not write it

    press(client, sent_back, "_submit_for_review")
    assert "worklist-sent-back" not in home(client)
    assert "Dubbing notes" in part(home(signed_in(editor)), "worklist-waiting")


def test_the_dashboard_costs_the_same_however_many_drafts_came_back(
    contributor, editor, django_assert_num_queries, django_assert_max_num_queries
):
    client = signed_in(contributor)

    def send_back(count):
        for _ in range(count):
            article = f.draft(f.article, created_by=contributor)
            workflow.submit(article, user=contributor)
            workflow.send_back(article, user=editor, comment="Shorter, please.")

    send_back(2)
    home(client)  # the first request loads the session and the content types
    with django_assert_max_num_queries(30) as few:
        assert "Shorter, please." in home(client)
    send_back(12)
    with django_assert_num_queries(len(few.captured_queries)):
        home(client)


def test_publishing_a_draft_that_came_back_settles_it(sent_back, contributor, editor):
    assert press(signed_in(editor), sent_back, "_publish_now").status_code == 302
    assert ReviewRequest.objects.for_object(sent_back).get().state == "approved"
    assert "worklist-sent-back" not in home(signed_in(contributor))
    listed = signed_in(editor).get(reverse("admin:news_article_changelist")).content.decode()
    assert "state--returned" not in listed


def test_a_merged_copy_leaves_the_imports_to_review_and_the_drafts(editor):
    kept = f.article(title="The original story")
    copy = f.draft(f.article, title="The syndicated copy", needs_review=True, review_reason="no date found")
    client = signed_in(editor)
    assert "The syndicated copy" in part(home(client), "worklist-review")
    duplicates.merge(copy, into=kept)
    html = home(client)
    assert "The syndicated copy" not in part(html, "worklist-review")
    assert "The syndicated copy" not in part(html, "worklist-drafts")
    copy.refresh_from_db()
    assert not copy.needs_review and copy.review_reason == "no date found"  # kept for the history


@pytest.fixture
def flagged():
    return f.draft(f.article, title="Imported interview", needs_review=True, review_reason="no date found")


def test_publishing_a_flagged_import_from_its_form_asks_first(flagged, editor):
    client = signed_in(editor)
    asked = press(client, flagged, "_publish_now", title="Imported interview, checked")
    page = asked.content.decode()
    assert asked.status_code == 200 and "still needs review: no date found" in page
    assert 'name="_publish_confirmed"' in page
    flagged.refresh_from_db()
    assert flagged.status == "draft" and flagged.needs_review and flagged.title == "Imported interview"

    # Pressed again from the page that asked: the editor's change is kept, the flag cleared.
    data = change_form_data(asked, _publish_now="1", _publish_confirmed="yes")
    response = client.post(reverse("admin:news_article_change", args=[flagged.pk]), data)
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.is_public and not flagged.needs_review and flagged.review_reason == ""
    assert flagged.title == "Imported interview, checked"
    assert "Imported interview" not in part(home(client), "worklist-review")
    assert not Article.objects.filter(needs_review=True).exists()


def test_unticking_needs_review_is_answer_enough(flagged, editor):
    response = press(signed_in(editor), flagged, "_publish_now", needs_review="")
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.is_public and not flagged.needs_review


def test_publishing_flagged_imports_from_the_list_clears_their_flag_once_confirmed(flagged, editor):
    client = signed_in(editor)
    changelist = reverse("admin:news_article_changelist")
    chosen = {"action": "publish_now", "_selected_action": [str(flagged.pk)]}
    assert "still needs review" in client.post(changelist, chosen).content.decode()
    client.post(changelist, {**chosen, "confirmed": "yes"})
    flagged.refresh_from_db()
    assert flagged.is_public and not flagged.needs_review
