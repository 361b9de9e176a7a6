"""One writer for an article's derived rows: every path writes mentions, history and the search
entry once per article, in a pinned number of statements."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.importer.reports import ImportOptions
from news.importer.runs import import_many
from news.importer.saving import import_data
from news.mentions import current_matcher
from news.models import Article, Mention
from search.models import Kind, SearchEntry
from tests import factories as f

pytestmark = pytest.mark.django_db

BODY = "<p>Kim Tae-ri voices the astronaut in a film about distance and music.</p>"


@pytest.fixture
def catalog():
    """A film and a person to mention, with the name matcher built (as in a running process)."""
    film = f.film(name="Lost in Starlight")
    person = f.person(name="Kim Tae-ri", slug="kim-tae-ri")
    current_matcher()
    return film, person


def derived_rows(article):
    """What the writer derives from one article: its mentions, history records and search entry."""
    return (
        sorted(Mention.objects.filter(article=article).values_list("person_id", "film_id", "origin")),
        list(article.history.values_list("history_type", flat=True)),
        SearchEntry.objects.filter(kind=Kind.ARTICLE, object_id=article.pk).count(),
    )


def admin_add_data(**values):
    data = {
        "title": "A new article",
        "slug": "a-new-article",
        "body": BODY,
        "language": "en",
        "status": "draft",
        "publish_at_0": "2025-06-01",
        "publish_at_1": "09:00:00",
        "mentions-TOTAL_FORMS": "0",
        "mentions-INITIAL_FORMS": "0",
        "mentions-MIN_NUM_FORMS": "0",
        "mentions-MAX_NUM_FORMS": "1000",
    }
    data.update(values)
    return data


def test_an_article_added_in_the_admin_gets_each_derived_row_once(admin_client, catalog, django_assert_max_num_queries):
    _film, person = catalog
    topic = f.topic(name="Cast")
    # Django keeps content types once read; an earlier test may have read this one already, or not.
    ContentType.objects.get_for_model(Article)
    # Of these, 7 are the admin's own: session, user, the form's uniqueness and old-address checks, the
    # change log; 2 read the groups the article joins (its topics, then all it is in once its mentions
    # are written), whose lists' pages it changes.
    with django_assert_max_num_queries(26):
        response = admin_client.post(reverse("admin:news_article_add"), admin_add_data(topics=[topic.pk]))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    article = Article.objects.get(slug="a-new-article")
    mentions, history, entries = derived_rows(article)
    assert mentions == [(person.pk, None, "auto")]
    assert history == ["+"]  # one record, holding the topic too
    assert list(article.history.first().topics.values_list("topic_id", flat=True)) == [topic.pk]
    assert entries == 1


def test_an_article_imported_from_one_file_gets_each_derived_row_once(catalog, django_assert_max_num_queries):
    """On the per-file path a new article costs 17 statements at most (its topic already exists), 2 of
    them reading the groups it joins, whose lists' pages it changes (`caching.changes`)."""
    f.topic(name="Cast")
    data = json.dumps({"title": "Imported", "body": BODY, "topics": ["Cast"], "date": "2025-06-01"}).encode()
    with django_assert_max_num_queries(17):
        report = import_data(name="one.json", data=data, options=ImportOptions())
    assert report.outcome == "created"
    article = Article.objects.get()
    mentions, history, entries = derived_rows(article)
    assert len(mentions) == 1 and history == ["+"] and entries == 1
    assert list(article.history.first().topics.values_list("topic__name", flat=True)) == ["Cast"]


def test_an_update_from_a_file_gets_each_derived_row_once(catalog):
    first = json.dumps({"title": "Imported", "body": BODY, "url": "https://example.com/a"}).encode()
    import_data(name="one.json", data=first, options=ImportOptions())
    second = json.dumps({"title": "Imported", "body": BODY.replace("music", "songs"), "url": "https://example.com/a"})
    report = import_data(name="one.json", data=second.encode(), options=ImportOptions())
    assert report.articles[0].outcome == "updated"
    article = Article.objects.get()
    assert "songs" in article.body
    _mentions, history, entries = derived_rows(article)
    assert history == ["~", "+"] and entries == 1
    indexed = SearchEntry.objects.get(kind=Kind.ARTICLE).body
    assert "songs" in indexed and "music" not in indexed


def test_a_thousand_files_cost_a_few_statements_each(catalog, settings):
    settings.IMPORT_WORKERS = 0
    items = []
    for n in range(1000):
        text = json.dumps({"title": f"Story {n}", "body": f"<p>Story {n}: {BODY}</p>", "topics": ["Cast"]})
        items.append((f"{n}.json", text.encode()))
    with CaptureQueriesContext(connection) as queries:
        summary = import_many([(name, lambda data=data: data) for name, data in items], options=ImportOptions())
    assert summary.count("created") == 1000
    assert len(queries) <= 170  # 155 measured: about 0.16 a file, derived rows and the groups joined included
    assert Mention.objects.count() == 1000 and SearchEntry.objects.filter(kind=Kind.ARTICLE).count() == 1000
    assert Article.history.model.objects.count() == 1000
