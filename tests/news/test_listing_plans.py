"""The newest published articles are read in index order, never by sorting every published row: the
news list, its menus and the related lists all start from that window, so its cost must not grow with
the number of articles, with the statistics the site gathers (common/planner.py) or none yet."""

import pytest
from django.db import connection

from common.planner import keep_statistics
from editorial.publishing import Status
from news.models import Article
from news.related import recent_published
from tests import factories as f

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans; PostgreSQL keeps its own statistics"),
]


@pytest.fixture(params=["no statistics", "the statistics the site gathers"])
def statistics(request):
    for n in range(30):
        f.article(title=f"Story {n}", status=Status.PUBLISHED if n % 10 else Status.DRAFT)
    f.article(title="한국어 기사", language="ko", status=Status.PUBLISHED)
    if request.param == "no statistics":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # creates sqlite_stat1, emptied below
            cursor.execute("DELETE FROM sqlite_stat1")
            cursor.execute("ANALYZE sqlite_schema")  # the planner reads sqlite_stat1 again
    else:
        keep_statistics()
    yield request.param


@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Article.objects.published().order_by("-shown_at", "-pk")[:20],
        lambda: recent_published(),
    ],
    ids=["the news list", "the window of menus and related lists"],
)
def test_the_newest_published_articles_are_read_in_index_order(statistics, queryset):
    plan = queryset().explain()
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_newest_published_in_one_language_are_read_from_where_they_start(statistics, language):
    # The home's latest news and the news list's language filter: walked along the published listing,
    # a language few articles are in read every published row to find none.
    newest = Article.objects.published().filter(language=language).order_by("-shown_at", "-pk").values("pk")[:6]
    plan = newest.explain()
    assert "language=? AND status=?" in plan and "TEMP B-TREE" not in plan, plan
