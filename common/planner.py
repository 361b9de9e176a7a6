"""SQLite's planner statistics (`sqlite_stat1`), kept by the site itself.

Without them SQLite's planner guesses how many rows each index narrows to, and on a site built by
an import it joined the search index the wrong way round. They are gathered after every import that
wrote rows (`news.importer.runs`) and on the background worker's schedule (`intake.db_statistics`).
`analysis_limit` makes each pass read a sample of every index, not all of it, so a pass stays short
and its write lock brief at any size. PostgreSQL keeps its own (autovacuum): nothing is done there.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

ANALYSIS_LIMIT = 400  # rows sampled per index, as SQLite's documentation suggests

# SQLite 3.46 added the flag (0x10000) that makes `PRAGMA optimize` look at every table, not only
# those this connection has queried; before it, a worker's fresh connection would look at none.
# There, ANALYZE (sampled all the same) does the same work on every table.
EVERY_TABLE = (3, 46, 0)


def keep_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    """Bring the planner's statistics up to date where they are missing or out of date (SQLite only)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    every_table = connection.Database.sqlite_version_info >= EVERY_TABLE
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            cursor.execute("PRAGMA optimize=0x10002" if every_table else "ANALYZE")
    except DatabaseError as exc:  # a writer held the lock past busy_timeout: what was imported stays imported
        logger.warning("Planner statistics not gathered (%s); the next import or scheduled pass will", exc)
