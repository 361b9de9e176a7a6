"""The full-text structures beside the search tables, per database, created by migration 0002.

SQLite: `search_fts_catalog` and `search_fts_articles`, FTS5 tables over the entries of films, people
and songs, and of articles (external content, unicode61 tokenizer, bm25 rank), and
`search_name_trgm`, an FTS5 trigram table of padded names; triggers keep all three in step.
PostgreSQL: the pg_trgm extension, a trigger filling the two tsvector columns, GIN indexes on them
(one for the catalog, one for articles) and a pg_trgm GIN index on the names.

`ensure` is idempotent and also runs after every `migrate` (search/apps.py): SQLite rebuilds a
table when a later migration alters it, which drops its triggers, and this puts them back.
"""

FTS_COLUMNS = "names, body, kind, object_id, status, publish_at, recency"
FTS_TABLES = {"search_fts_catalog": "kind != 'article'", "search_fts_articles": "kind = 'article'"}


def _sqlite_table(table: str, condition: str) -> list[str]:
    # External content: the words are read from search_searchentry when needed, and so are the
    # unindexed columns, live. Each table indexes one part of the entries, so it is filled with an
    # INSERT … SELECT (its own 'rebuild' would read every entry). No view stands in between: SQLite
    # refuses to rename a table a view reads, and Django renames tables when it alters them.
    columns = ", ".join(column.strip() for column in FTS_COLUMNS.split(","))
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(names, body, kind UNINDEXED, "
        "object_id UNINDEXED, status UNINDEXED, publish_at UNINDEXED, recency UNINDEXED, "
        "content='search_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        f"INSERT INTO {table}({table}, rank) VALUES ('rank', 'bm25(10.0, 1.0)')",
        f"INSERT INTO {table}(rowid, {columns}) SELECT id, {columns} FROM search_searchentry WHERE {condition}",
    ]


def _sqlite_triggers(table: str, condition: str) -> list[str]:
    old, new = (condition.replace("kind", f"{side}.kind") for side in ("old", "new"))
    old_values = ", ".join(f"old.{column.strip()}" for column in ["id", *FTS_COLUMNS.split(",")])
    new_values = ", ".join(f"new.{column.strip()}" for column in ["id", *FTS_COLUMNS.split(",")])
    delete = f"INSERT INTO {table}({table}, rowid, {FTS_COLUMNS}) SELECT 'delete', {old_values} WHERE {old};"
    insert = f"INSERT INTO {table}(rowid, {FTS_COLUMNS}) SELECT {new_values} WHERE {new};"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_ai AFTER INSERT ON search_searchentry BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_ad AFTER DELETE ON search_searchentry BEGIN {delete} END",
        # Only the words live in the index; status and dates are read from the entry when searched.
        f"CREATE TRIGGER IF NOT EXISTS {table}_au AFTER UPDATE OF names, body, kind ON search_searchentry "
        f"BEGIN {delete} {insert} END",
    ]


SQLITE_TABLES = {table: _sqlite_table(table, condition) for table, condition in FTS_TABLES.items()}
SQLITE_TABLES["search_name_trgm"] = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_name_trgm USING fts5(grams, tokenize='trigram')",
    # Each word padded as pg_trgm pads it ("  word "), so the trigrams are pg_trgm's.
    "INSERT INTO search_name_trgm(rowid, grams) "
    "SELECT id, '  ' || replace(name, ' ', '   ') || ' ' FROM search_searchname",
]
NAME_GRAMS = "'  ' || replace({side}.name, ' ', '   ') || ' '"
SQLITE_TRIGGERS = [
    *(statement for table, condition in FTS_TABLES.items() for statement in _sqlite_triggers(table, condition)),
    "CREATE TRIGGER IF NOT EXISTS search_searchname_ai AFTER INSERT ON search_searchname BEGIN "
    f"INSERT INTO search_name_trgm(rowid, grams) VALUES (new.id, {NAME_GRAMS.format(side='new')}); END",
    "CREATE TRIGGER IF NOT EXISTS search_searchname_ad AFTER DELETE ON search_searchname BEGIN "
    "DELETE FROM search_name_trgm WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS search_searchname_au AFTER UPDATE OF name ON search_searchname BEGIN "
    "DELETE FROM search_name_trgm WHERE rowid = old.id; "
    f"INSERT INTO search_name_trgm(rowid, grams) VALUES (new.id, {NAME_GRAMS.format(side='new')}); END",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_{event}" for table in FTS_TABLES for event in ("ai", "ad", "au")),
    *(f"DROP TRIGGER IF EXISTS search_searchname_{event}" for event in ("ai", "ad", "au")),
    *(f"DROP TABLE IF EXISTS {table}" for table in SQLITE_TABLES),
]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE OR REPLACE FUNCTION search_entry_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.names_document := to_tsvector('simple'::regconfig, coalesce(NEW.names, ''));
  NEW.document := setweight(NEW.names_document, 'A')
    || setweight(to_tsvector('simple'::regconfig, coalesce(NEW.body, '')), 'B');
  RETURN NEW;
END
$$""",
    "CREATE OR REPLACE TRIGGER search_entry_vectors BEFORE INSERT OR UPDATE OF names, body "
    "ON search_searchentry FOR EACH ROW EXECUTE FUNCTION search_entry_vectors()",
    # Keep the rows narrow: long words and vectors go to TOAST storage, so scanning entries by kind,
    # state and date reads few pages. More statistics on the vectors give the planner better guesses
    # of how many entries a word matches.
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 256)",
    "ALTER TABLE search_searchentry ALTER COLUMN document SET STATISTICS 1000",
    "ALTER TABLE search_searchentry ALTER COLUMN names_document SET STATISTICS 1000",
    # Rows written before the trigger existed get their vectors now (none, normally).
    "UPDATE search_searchentry SET names = names WHERE document IS NULL",
    # One GIN index per part, articles apart from the catalog: a search for people reads posting
    # lists without the hundred thousand articles that also use the word.
    *(
        f"CREATE INDEX IF NOT EXISTS search_entry_{column}_{part}_gin ON search_searchentry "
        f"USING gin ({column}) WHERE {condition}"
        for column in ("document", "names_document")
        for part, condition in (("catalog", "kind <> 'article'"), ("articles", "kind = 'article'"))
    ),
    "CREATE INDEX IF NOT EXISTS search_name_trgm_gin ON search_searchname USING gin (name gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_name_trgm_gin",
    *(
        f"DROP INDEX IF EXISTS search_entry_{column}_{part}_gin"
        for column in ("document", "names_document")
        for part in ("catalog", "articles")
    ),
    "DROP TRIGGER IF EXISTS search_entry_vectors ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_vectors()",
]


def _sqlite_tables(cursor) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in cursor.fetchall()}


def ensure(connection) -> None:
    """Create whatever is missing; a table created now is filled from the rows already there."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            existing = _sqlite_tables(cursor)
            for table, statements in SQLITE_TABLES.items():
                if table not in existing:
                    for statement in statements:
                        cursor.execute(statement)
            for statement in SQLITE_TRIGGERS:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            for statement in POSTGRES:
                cursor.execute(statement)


def drop(connection) -> None:
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
