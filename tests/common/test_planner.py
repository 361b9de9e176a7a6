"""The statistics the site gathers say what the tables hold: a status every article shares is not
taken for a selective one (a sampled ANALYZE said 401 rows per status of 10,000 alike, and the
planner then walked every published article to count one topic's)."""

import pytest
from django.db import connection
from django.utils import timezone

from common.planner import keep_statistics
from news.models import Article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics; PostgreSQL keeps its own"),
]


def test_statistics_count_every_row_of_an_index():
    now = timezone.now()
    Article.objects.bulk_create(
        Article(title=f"Story {n}", slug=f"story-{n}", body="<p>Text.</p>", publish_at=now) for n in range(600)
    )
    keep_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'article_published_listing'")
        rows, per_status, *_ = map(int, cursor.fetchone()[0].split())
    assert rows == per_status == 600
