"""The full-text structures beside the search tables, on each database, and the pg_trgm measure."""

from io import StringIO

import pytest
from django.apps import apps
from django.db import connection

from search import schema
from search.apps import after_migrate
from search.index_text import similarity
from search.models import Kind, SearchEntry
from tests import factories as f

from .helpers import found

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 tables")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pg_trgm")


def settle_constraints():
    """A real migrate runs with no foreign-key checks queued; inside a test transaction PostgreSQL
    has them queued and refuses DDL on those tables until they are checked."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_an_empty_index_is_built_after_migrate_when_there_is_content(world):
    SearchEntry.objects.all().delete()
    settle_constraints()
    out = StringIO()
    after_migrate(sender=apps.get_app_config("search"), using="default", verbosity=1, stdout=out)
    assert "Built the search index" in out.getvalue()
    assert found("kim tae ri", Kind.PERSON) == [world.kim]


def test_after_migrate_leaves_a_built_index_alone(world):
    settle_constraints()
    out = StringIO()
    after_migrate(sender=apps.get_app_config("search"), using="default", verbosity=1, stdout=out)
    assert out.getvalue() == ""


@sqlite_only
def test_lost_triggers_come_back(db):
    """SQLite drops a table's triggers when Django rebuilds the table to alter it; migrate restores them."""
    with connection.cursor() as cursor:
        for statement in schema.SQLITE_DROP:
            if statement.startswith("DROP TRIGGER"):
                cursor.execute(statement)
    schema.ensure(connection)
    person = f.person(name="Triggered Armadillo", slug="armadillo")
    assert found("armadillo", Kind.PERSON) == [person]


@sqlite_only
def test_the_fts5_tables_answer(db):
    f.person(name="Kim Tae-ri", slug="kim")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_fts_catalog WHERE search_fts_catalog MATCH '\"kim\"*'")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT count(*) FROM search_fts_articles WHERE search_fts_articles MATCH '\"kim\"*'")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM search_name_trgm WHERE search_name_trgm MATCH '\" ki\"'")
        assert cursor.fetchone()[0] == 2  # “kim tae ri” and “kim taeri”


PAIRS = [
    ("kim tae ri", "kim tea ri"),
    ("hong kyung", "hong kyoung"),
    ("lost in starlight", "lost in starlihgt"),
    ("bon voyage", "bon voyaeg"),
    ("김태리", "김테리"),
    ("v", "vince staples"),
    ("abc", "xyz"),
]


@postgres_only
@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_python_similarity_is_pg_trgm_similarity(first, second):
    """SQLite scores misspellings in Python; it must be exactly what PostgreSQL computes."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [first, second])
        assert similarity(first, second) == pytest.approx(cursor.fetchone()[0], abs=1e-6)


@postgres_only
def test_postgres_keeps_vectors_and_indexes(db):
    f.person(name="Kim Tae-ri", slug="kim", bio="Actor.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT names_document::text, document::text FROM search_searchentry")
        names, document = cursor.fetchone()
        assert "'kim'" in names and "'actor':" in document
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('search_searchentry', 'search_searchname')"
        )
        indexes = {row[0] for row in cursor.fetchall()}
    assert {
        "search_entry_document_catalog_gin",
        "search_entry_document_articles_gin",
        "search_name_trgm_gin",
    } <= indexes
