"""SQLite's planner statistics (`sqlite_stat1`), kept by the site itself.

Without them SQLite's planner guesses how many rows each index narrows to, and on a site built by
an import it joined the search index the wrong way round. They are gathered after every import that
wrote rows (`news.importer.runs`) and on the background worker's schedule (`intake.db_statistics`).
A pass reads every index whole: a sampled one (`analysis_limit`) took a status that every article
shares for a selective one, and the planner then walked every published article to count one
topic's. PostgreSQL keeps its own (autovacuum): nothing is done there.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)


def keep_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    """Gather the planner's statistics afresh (SQLite only)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    except DatabaseError as exc:  # a writer held the lock past busy_timeout: what was imported stays imported
        logger.warning("Planner statistics not gathered (%s); the next import or scheduled pass will", exc)
