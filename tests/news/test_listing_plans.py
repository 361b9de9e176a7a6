"""The newest published articles are read in index order, never by sorting every published row: the
news list, its menus and the related lists all start from that window, so its cost must not grow with
the number of articles, whatever statistics the planner holds."""

import pytest
from django.db import connection

from news.models import Article
from news.related import recent_published
from tests import factories as f

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans; PostgreSQL keeps its own statistics"),
]

# What a sampled ANALYZE (analysis_limit) wrote on a site of 10,000 imported articles: the status
# looked as selective as a date, and the planner sorted every published row to find the newest.
MISLEADING_STATISTICS = [
    ("news_article", "article_visibility", "10791 401 27"),
    ("news_article", "article_listing", "8024 29 1 1 1"),
]


@pytest.fixture(params=["no statistics", "misleading statistics"])
def statistics(request):
    for n in range(3):
        f.article(title=f"Story {n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # creates sqlite_stat1
        cursor.execute("DELETE FROM sqlite_stat1")
        if request.param == "misleading statistics":
            cursor.executemany("INSERT INTO sqlite_stat1 VALUES (%s, %s, %s)", MISLEADING_STATISTICS)
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads sqlite_stat1 again
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
