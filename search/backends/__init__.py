"""The two databases the site runs on, each matching and ranking with its own full-text search."""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .base import SearchBackend


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from .postgresql import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteBackend

        return SQLiteBackend()
    raise ImproperlyConfigured(f"Search runs on SQLite and PostgreSQL, not on {connection.vendor}.")


__all__ = ["SearchBackend", "get_backend"]
