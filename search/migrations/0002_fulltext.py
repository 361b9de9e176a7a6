"""The full-text structures of each database beside the search tables (search/schema.py):
FTS5 tables and triggers on SQLite; pg_trgm, tsvector trigger and GIN indexes on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    from search import schema

    schema.ensure(schema_editor.connection)


def drop(apps, schema_editor):
    from search import schema

    schema.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
