"""The live preview: the public page drawn from the form as it is, unsaved, in either language; it
saves nothing, shows only what a save would keep, and is for those who may see the entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caching import changes
from news.models import Article
from tests import factories as f
from tests.editorial.forms import change_form_data
from tests.pages import soup

pytestmark = pytest.mark.django_db

BODY = "<h2>At the studio</h2><ul><li>Morning takes</li><li>Evening mix</li></ul><script>alert(1)</script>"


def preview_url(article=None) -> str:
    if article is None:
        return reverse("admin:news_article_live_preview")
    return reverse("admin:news_article_live_preview_change", args=[article.pk])


def form_data(client, article, **changes) -> dict:
    return change_form_data(client.get(reverse("admin:news_article_change", args=[article.pk])), **changes)


@pytest.fixture
def article():
    return f.draft(f.article, title="Dubbing notes", slug="dubbing-notes", body="<p>Saved text.</p>")


def test_the_preview_shows_the_unsaved_form_as_the_public_page(editor_client, article):
    data = form_data(editor_client, article, title="Dubbing notes, revised", body=BODY)
    writes = CaptureQueriesContext(connection)
    with writes:
        response = editor_client.post(preview_url(article), data)
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    page = soup(response)
    assert page.find("h1").get_text() == "Dubbing notes, revised"
    body = page.select_one(".article__body")
    assert body.find("h2").get_text() == "At the studio"
    assert [item.get_text() for item in body.select("li")] == ["Morning takes", "Evening mix"]
    assert not page.select(".article__body script")  # what a save would keep, no more
    assert "Preview — not published." in page.get_text()

    # The page cache's own bookkeeping (the change counter, its tags) may be written; content never.
    bookkeeping = ("editorial_contentversion", "caching_cachetag")
    statements = [
        query["sql"].split()[0].upper()
        for query in writes.captured_queries
        if not any(table in query["sql"] for table in bookkeeping)
    ]
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements)
    article.refresh_from_db()
    assert article.title == "Dubbing notes" and article.body == "<p>Saved text.</p>"
    assert article.history.count() == 1


def test_the_preview_is_drawn_in_the_language_asked(editor_client, article):
    data = form_data(editor_client, article, preview_language="ko")
    page = soup(editor_client.post(preview_url(article), data))
    assert page.find("html")["lang"] == "ko"
    assert "미리보기" in page.select_one(".preview-banner").get_text()
    switch = page.find("a", hreflang="en")
    assert switch["href"] == "/news/dubbing-notes/"  # the page's own links name the article, not the admin
    english = soup(editor_client.post(preview_url(article), form_data(editor_client, article)))
    assert english.find("html")["lang"] == "en"


def test_a_new_article_is_previewed_before_its_first_save(editor_client):
    topic = f.topic(name="Recording")
    add = reverse("admin:news_article_add")
    data = change_form_data(editor_client.get(add), title="Fresh piece", slug="fresh-piece", body=BODY)
    data["topics"] = [str(topic.pk)]
    response = editor_client.post(preview_url(), data)
    page = soup(response)
    assert response.status_code == 200 and page.find("h1").get_text() == "Fresh piece"
    assert page.find("meta", property="article:tag")["content"] == "Recording"
    assert not Article.objects.exists()


def test_an_invalid_form_still_previews_what_is_valid(editor_client, article):
    data = form_data(editor_client, article, title="", body=BODY)
    page = soup(editor_client.post(preview_url(article), data))
    assert page.select_one(".article__body h2").get_text() == "At the studio"


def test_only_those_who_may_see_the_entry_preview_it(client, staff, article):
    assert client.post(preview_url(article), {}).status_code == 302  # to the sign-in page
    client.force_login(staff)
    assert client.post(preview_url(article), {}).status_code == 403
    assert client.post(preview_url(), {}).status_code == 403


def test_the_preview_answers_only_a_post(editor_client, article):
    assert editor_client.get(preview_url(article)).status_code == 405


def test_the_form_offers_the_preview_in_both_languages(contributor_client, contributor):
    own = f.draft(f.article, created_by=contributor)
    page = soup(contributor_client.get(reverse("admin:news_article_change", args=[own.pk])))
    panel = page.select_one("[data-live-preview]")
    assert panel["data-live-preview"] == preview_url(own)
    assert [choice["value"] for choice in panel.select('input[name="preview_language"]')] == ["en", "ko"]
    assert panel.find("iframe")["sandbox"] == ["allow-same-origin"]  # the page's scripts do not run
    assert page.find("script", src="/static/editorial/live_preview.js")


def test_the_preview_costs_the_same_however_big_the_site(editor_client, article, django_assert_num_queries):
    def draw(topics):
        data = form_data(editor_client, article, body=BODY)
        data["topics"] = [str(topic.pk) for topic in topics]
        changes.current()  # the rows the test just made, counted as the commits it does not run would count them
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.post(preview_url(article), data).status_code == 200
        return len(queries)

    draw([])  # the reads every page keeps (the film) kept once, as on any site that has served a page
    few = draw([f.topic() for _ in range(2)])
    for _ in range(20):
        f.article()
    assert draw([f.topic() for _ in range(10)]) == few
