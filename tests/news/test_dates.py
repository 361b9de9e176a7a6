"""One date per article: the source's when known, else when it went live here; shown and sorted the same
way in lists, on the page, in feeds, JSON-LD, search and the admin."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from news.models import Article
from tests import factories as f
from tests.pages import soup

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture
def articles():
    return {
        # The source wrote it on 30 April; this site published it on 1 June.
        "april": f.article(
            title="Written in April",
            dated=dt.datetime(2025, 4, 30, 9, tzinfo=UTC),
            publish_at=dt.datetime(2025, 6, 1, 9, tzinfo=UTC),
        ),
        # Written here in the admin, no source date: it is dated when it went live, 30 May.
        "may": f.article(title="Written in May", dated=None, publish_at=dt.datetime(2025, 5, 30, 9, tzinfo=UTC)),
    }


def test_lists_sort_by_the_date_they_show(client, articles):
    assert [a.title for a in Article.objects.published()] == ["Written in May", "Written in April"]
    page = client.get(reverse("news:article-list")).content.decode()
    assert page.index("Written in May") < page.index("Written in April")
    shown = [t["datetime"][:10] for t in soup(client.get(reverse("news:article-list"))).select(".card time")]
    assert shown == ["2025-05-30", "2025-04-30"]


def test_an_article_without_a_source_date_shows_when_it_went_live_never_date_unknown(client, articles):
    article = articles["may"]
    for response in (
        client.get(reverse("news:article-list")),
        client.get(article.get_absolute_url()),
        client.get(reverse("search:search"), {"q": "Written in May"}),
    ):
        html = response.content.decode()
        assert "date unknown" not in html
        assert 'datetime="2025-05-30T' in html


def test_feeds_and_json_ld_carry_the_same_date(client, articles):
    rss = client.get(reverse("news:feed-rss")).content.decode()
    assert "Wed, 30 Apr 2025 09:00:00 +0000" in rss and "Fri, 30 May 2025 09:00:00 +0000" in rss
    assert rss.index("Written in May") < rss.index("Written in April")
    page = soup(client.get(articles["april"].get_absolute_url()))
    data = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    published = [d.get("datePublished") for d in data if d.get("@type") in ("NewsArticle", "Article")]
    assert published and published[0].startswith("2025-04-30T09:00:00")


def test_the_year_filter_uses_the_date_shown(client):
    f.article(
        title="Old story", dated=dt.datetime(2024, 12, 30, tzinfo=UTC), publish_at=dt.datetime(2025, 1, 2, tzinfo=UTC)
    )
    assert "Old story" in client.get(reverse("news:article-list"), {"year": 2024}).content.decode()
    assert "Old story" not in client.get(reverse("news:article-list"), {"year": 2025}).content.decode()


def test_publishing_from_the_list_keeps_source_dates(editor_client):
    draft = f.draft(f.article, title="Imported draft", dated=dt.datetime(2025, 3, 3, tzinfo=UTC))
    response = editor_client.post(
        reverse("admin:news_article_changelist"), {"action": "publish_now", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_public and draft.shown_at == dt.datetime(2025, 3, 3, tzinfo=UTC)


def test_the_admin_list_shows_and_sorts_by_the_same_date(editor_client, articles):
    html = editor_client.get(reverse("admin:news_article_changelist")).content.decode()
    assert html.index("Written in May") < html.index("Written in April")


def test_an_article_published_from_the_admin_button_has_valid_machine_dates(editor_client, world):
    """The "Save and publish now" button stamps the moment to the microsecond; a `<time datetime>` may carry one
    to three digits of a second's fraction (the Nu checker), so the pages show whole seconds."""
    from tests.editorial.forms import change_form_data

    article = f.draft(f.article, title="Published by the button", slug="by-the-button", dated=None)
    url = reverse("admin:news_article_change", args=[article.pk])
    assert editor_client.post(url, change_form_data(editor_client.get(url), _publish_now="1")).status_code == 302
    article.refresh_from_db()
    assert article.publish_at.microsecond  # the stamp itself keeps them
    for address in (reverse("news:article-list"), article.get_absolute_url(), "/search/?q=button"):
        times = [t["datetime"] for t in soup(editor_client.get(address)).select("time[datetime]")]
        assert times, address
        assert all("." not in value for value in times), (address, times)
