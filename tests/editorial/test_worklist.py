"""The admin home opens on drafts, the schedule (in date order) and imports to review."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_drafts_scheduled_items_and_reviews_are_listed_with_links(editor_client):
    draft = f.draft(f.article, title="Half-written interview")
    person = f.draft(f.person, name="Unfinished Bio")
    later = f.article(title="Premiere report", publish_at=timezone.now() + dt.timedelta(days=9))
    sooner = f.song(f.film(), title="Opening theme", publish_at=timezone.now() + dt.timedelta(days=2))
    flagged = f.article(title="Imported review", needs_review=True, review_reason="no date found")
    html = home(editor_client)
    for obj in (draft, person, later, sooner, flagged):
        opts = obj._meta
        assert reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]) in html
    assert "no date found" in html
    schedule = html[html.index('id="worklist-schedule"') :]
    assert schedule.index("Opening theme") < schedule.index("Premiere report")  # calendar order
    assert "Premiere report" not in html[: html.index('id="worklist-schedule"')]
    assert "Half-written interview" in html[html.index('id="worklist-drafts"') : html.index('id="worklist-schedule"')]


def test_published_items_need_no_attention(editor_client):
    f.article(title="Old news")
    html = home(editor_client)
    assert "Old news" not in html
    assert "Nothing to review." in html and "No drafts." in html and "Nothing scheduled." in html


def test_contributors_see_the_worklist_too(contributor_client):
    f.draft(f.article, title="Someone's draft")
    assert "Someone&#x27;s draft" in home(contributor_client)


def test_the_home_page_costs_the_same_however_much_waits(editor_client, django_assert_max_num_queries):
    film = f.film()
    for _ in range(3):
        f.draft(f.article)
        f.draft(f.person)
        f.scheduled(f.song, film)
        f.article(needs_review=True)
    with django_assert_max_num_queries(20) as few:
        home(editor_client)
    for _ in range(20):
        f.draft(f.article)
        f.draft(f.person)
        f.scheduled(f.song, film)
        f.article(needs_review=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        home(editor_client)
