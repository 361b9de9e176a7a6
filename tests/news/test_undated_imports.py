"""An import whose file gave no date keeps none: it takes its place by when it went live here, visitors
see no date for it, editors see "date unknown", and publishing it invents none. A day given without a
time is shown without one."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from news.importer.reports import ImportOptions
from news.importer.saving import import_data
from news.models import Article
from tests.clock import travel
from tests.pages import render_queries, soup

pytestmark = pytest.mark.django_db

UNDATED = (
    "The animated feature Lost in Starlight will open the autumn retrospective at the city's film archive, "
    "its programmers said on the radio this morning, with the director in attendance.\n"
    "Tickets go on sale next week."
)


def undated(number: int = 0, *, publish: bool = False) -> Article:
    text = f"{UNDATED} Screening number {number} of the season."
    import_data(name=f"undated{number}.txt", data=text.encode(), options=ImportOptions(publish=publish))
    return Article.objects.get(body__contains=f"Screening number {number} ")


def test_publishing_an_undated_import_from_the_list_invents_no_date(client, editor):
    article = undated()
    assert article.dated is None and "date missing" in article.review_reason
    later = timezone.now() + dt.timedelta(days=40)
    with travel(later):
        client.force_login(editor)  # a sign-in from before would have expired
        response = client.post(
            reverse("admin:news_article_changelist"),
            {"action": "publish_now", "_selected_action": [article.pk], "confirmed": "yes"},
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.is_public and article.dated is None
        page = soup(client.get(article.get_absolute_url()))
        assert page.select(".article__meta time") == [] and "date unknown" not in str(page)
        cards = soup(client.get(reverse("news:article-list"))).select(".card")
        assert [card.select("time") for card in cards] == [[]]
        admin_list = client.get(reverse("admin:news_article_changelist")).content.decode()
        assert "date unknown" in admin_list


def test_a_day_without_a_time_is_shown_without_one(client):
    text = " date 2025-05-29 The animated feature opens the retrospective, its programmers said today."
    import_data(name="dated.txt", data=text.encode(), options=ImportOptions(publish=True))
    article = Article.objects.get()
    assert article.date_only and article.dated == dt.datetime(2025, 5, 29, tzinfo=dt.UTC)
    [shown] = soup(client.get(article.get_absolute_url())).select(".article__meta time")
    assert (shown["datetime"], shown.text) == ("2025-05-29", "May 29, 2025")


def test_a_time_given_is_shown(client):
    data = json.dumps({"title": "Timed", "date": "2025-05-29T14:30:00Z", "body": "The premiere is tonight."})
    import_data(name="timed.json", data=data.encode(), options=ImportOptions(publish=True))
    article = Article.objects.get()
    assert not article.date_only
    [shown] = soup(client.get(article.get_absolute_url())).select(".article__meta time")
    assert shown.text == "May 29, 2025, 2:30 p.m."


@pytest.mark.parametrize("address", ["admin:news_article_changelist", "news:article-list"])
def test_lists_of_undated_imports_read_the_same_queries_at_two_sizes(editor_client, address):
    def queries() -> int:
        return render_queries(editor_client, reverse(address))

    for number in range(2):
        undated(number, publish=True)
    few = queries()
    for number in range(2, 8):
        undated(number, publish=True)
    assert queries() == few
