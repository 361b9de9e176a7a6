"""Site search: one index over films, people, songs and articles, on SQLite (FTS5) and PostgreSQL."""
