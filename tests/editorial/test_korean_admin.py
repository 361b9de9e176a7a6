"""The admin in Korean: the main screens carry none of the English the issue found on them, and
times are written the Korean way, by Django's Korean formats."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from editorial.publishing_admin import publication_state
from intake.models import ImportJob
from tests import factories as f
from tests.pages import soup

pytestmark = pytest.mark.django_db

# What the issue saw in English on the Korean admin, and what else those screens said in English.
ENGLISH = [
    "Import jobs",
    "Import job",
    "Finished",
    "files done",
    "Started by",
    "Same story",
    "Suggested topics",
    "Possible duplicate",
    "Merged into another",
    "Intake",
    "Film",
    "Person",
    "Character",
    "Song",
    "Revision",
    "Uploaded",
    "created",
    "updated",
    "unchanged",
    "skipped",
    "Plain text, Markdown",
    "Recent imports",
    "Feed URL",
    "Read their feeds now",
    "Date/time",
    "Changed by",
    "Change reason",
    "Choose a date from the list",
    "None",
]


@pytest.fixture
def screens(editor):
    source = f.source(name="Soompi")
    article = f.article(title="Teaser", source=source, body="<p>The first teaser arrives.</p>")
    f.article(title="Teaser copy", body="<p>The first teaser arrives.</p>")
    article.title = "Teaser, again"
    article.save()
    job = ImportJob.objects.create(
        started_by=editor,
        state=ImportJob.State.FINISHED,
        files_total=5,
        files_done=5,
        counts={"created": 5},
        report=[
            {"file": "a.md", "outcome": "created", "articles": [{"outcome": "created", "title": "T", "slug": "t"}]}
        ],
    )
    return [
        reverse("admin:index"),
        reverse("admin:news_article_changelist"),
        reverse("admin:news_article_change", args=[article.pk]),
        reverse("admin:news_article_add"),
        reverse("admin:intake_importjob_changelist"),
        reverse("admin:intake_importjob_change", args=[job.pk]),
        reverse("admin:intake_importjob_add"),
        reverse("admin:news_source_changelist"),
        reverse("admin:news_article_history", args=[article.pk]),
    ]


def test_the_main_admin_screens_have_no_english_left_in_korean(editor_client, screens):
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    for url in screens:
        doc = soup(editor_client.get(url, follow=True))
        for code in doc(["script", "style", "textarea"]):
            code.decompose()
        text = doc.get_text(" ")
        assert "뉴스룸" in text, url
        left = [phrase for phrase in ENGLISH if phrase in text]
        assert not left, f"{url} still says {left}"


def test_a_publishing_time_is_written_the_korean_way():
    # A moment already past whenever the test runs: no clock to move (travelling only forward, to a fixed
    # date, broke once that date had passed).
    article = f.article(publish_at=dt.datetime(2026, 12, 7, 12, 58, tzinfo=dt.UTC))
    with translation.override("ko"):
        assert publication_state(article).startswith("2026년 12월 7일 12:58 오후 (UTC)부터")
    with translation.override("en"):
        assert publication_state(article) == "Published since Dec. 7, 2026, 12:58 p.m. (UTC)."


def test_review_reasons_are_shown_in_korean(editor_client):
    reason = "date missing, possible duplicate of “Teaser, again” (92% the same)"
    f.draft(f.article, title="Flagged", needs_review=True, review_reason=reason)
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    shown = "날짜 없음, “Teaser, again”과(와) 같은 기사일 수 있음(92% 일치)"
    listed = soup(editor_client.get(reverse("admin:news_article_changelist")))
    assert listed.select_one(".state--review")["title"] == shown
    assert shown in soup(editor_client.get(reverse("admin:index"))).get_text()


def test_a_picture_left_out_is_shown_in_korean_with_the_fetchers_words():
    from django.utils import translation

    from news.review_reasons import shown

    reason = "picture left out (https://x.example/a (1).jpg: the server answered 404 Not Found), date missing"
    with translation.override("ko"):
        assert shown(reason) == "사진 제외(https://x.example/a (1).jpg: the server answered 404 Not Found), 날짜 없음"
