"""SQLite: FTS5. `search_fts_catalog` (films, people, songs) and `search_fts_articles` index the words
with the unicode61 tokenizer and rank with bm25; `search_name_trgm` indexes names by trigrams (the
trigram tokenizer) to find misspelt ones. Triggers keep all three in step (search/schema.py).

Every query reads an FTS5 table through its ORM model (search/models.py CatalogFts, ArticleFts), so
the full-text index drives it: SQLite's planner, left to join an FTS5 table with others, may run
the full-text query once per row instead.
"""

import math

from django.db import connection
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL

from common.chunks import chunks

from ..index_text import similarity, trigrams
from ..models import ArticleFts, CatalogFts, Kind, SearchEntry
from .base import ALL, TEXT_ONLY, TITLE, SearchBackend

NAME_TRIGRAMS = "search_name_trgm"
# Of a great many matches, only this many are ordered by date: those indexed last, which FTS5 reads
# newest first and stops at. Ordering every match read each one's entry (one lookup a match), and
# walking the entries in date order against the matches gathered every match's rowid first.
CANDIDATES = 1000


def fts_expression(terms) -> str:
    # Terms hold letters and digits only (search/text.py WORD), so quoting them is all the escaping needed.
    return " AND ".join(f'"{term.word}"*' if term.prefix else f'"{term.word}"' for term in terms)


def _article_match(terms, part) -> str:
    expression = fts_expression(terms)
    by_name = f"{{names}} : ({expression})"
    return {ALL: expression, TITLE: by_name, TEXT_ONLY: f"({expression}) NOT {by_name}"}[part]


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"
    # Ordering the candidates reads at most CANDIDATES entries; sorting reads every title match, each a
    # lookup. The candidates won for a word whose title matches were a quarter of its first matches.
    dense_share = 0.1

    def catalog(self, terms):
        return CatalogFts.objects.published().filter(fts__match=fts_expression(terms))

    def catalog_name_match(self, terms):
        by_name = CatalogFts.objects.filter(fts__match=f"{{names}} : ({fts_expression(terms)})")
        return Q(id__in=by_name.values("id"))

    def articles(self, terms, part=ALL, scope=None):
        if scope is None or scope.articles is None:
            rows = ArticleFts.objects.published().filter(fts__match=_article_match(terms, part))
            return rows if scope is None else scope.narrow(rows)
        # Among the articles of a queryset (a search filtered by topic or source): their entries, each checked
        # against the matching rowids, read from the index alone. Filtering the matches by object id
        # read that column for every match instead, however few the topic's articles.
        # The "+" keeps SQLite from reading the entries by those rowids instead (thousands, for a
        # common word), which cost as much as reading the column.
        match_sql, match_params = (
            ArticleFts.objects.filter(fts__match=_article_match(terms, part)).values("id").query.sql_with_params()
        )
        table = SearchEntry._meta.db_table
        matching = RawSQL(f'+"{table}"."id" IN ({match_sql})', match_params, output_field=BooleanField())
        return scope.narrow(SearchEntry.objects.published().filter(matching, kind=Kind.ARTICLE))

    def count_articles(self, terms, scope, cap, capped):
        if scope is not None and scope.articles is not None:
            return super().count_articles(terms, scope, cap, capped)
        # The matches joined to their entries by rowid: read through the index's external content, each
        # match's status and dates cost a lookup statement of its own. The entries' conditions are
        # `.published()`'s own, compiled.
        entries = SearchEntry.objects.published().filter(kind=Kind.ARTICLE)
        if scope is not None:
            entries = scope.narrow(entries)
        where, where_params = entries.query.get_compiler(connection=connection).compile(entries.query.where)
        fts, table = ArticleFts._meta.db_table, connection.ops.quote_name(SearchEntry._meta.db_table)
        # How many of them match by title: the title matches among the rowids counted, read from the
        # index alone up to the last of them. Flagging each match as a title match or not gathered
        # every title match first (one article in eight for "kim", every article for the whole word
        # "the"), however few were counted.
        sql = (
            f"WITH counted AS MATERIALIZED (SELECT f.rowid AS id FROM {fts} f JOIN {table} ON {table}.id = f.rowid "
            f"WHERE f.{fts} MATCH %s AND {where} LIMIT %s) "
            f"SELECT COUNT(*), (SELECT COUNT(*) FROM counted WHERE id IN (SELECT rowid FROM {fts} "
            f"WHERE {fts} MATCH %s AND rowid <= (SELECT MAX(id) FROM counted))) FROM counted"
        )
        params = [_article_match(terms, ALL), *where_params, cap, _article_match(terms, TITLE)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def newest(self, terms, part, scope, start, stop, *, walk):
        if not walk:
            return super().newest(terms, part, scope, start, stop, walk=walk)
        # The matches indexed last, newest rowid first: all of them when they are fewer than CANDIDATES.
        # A word found in every article is then ordered among a thousand entries, not every article.
        candidates = (
            ArticleFts.objects.filter(fts__match=_article_match(terms, part)).order_by("-id").values("id")[:CANDIDATES]
        )
        entries = SearchEntry.objects.published().filter(kind=Kind.ARTICLE, id__in=candidates)
        if scope is not None:
            entries = scope.narrow(entries)
        return list(entries.order_by("-recency", "-object_id").values_list("object_id", flat=True)[start:stop])

    def newest_few(self, terms, part, limit):
        # Suggestions: the newest of the candidates, however many articles match (every title match of
        # "kim", one article in eight, read one entry each when they were sorted).
        return self.newest(terms, part, None, 0, limit, walk=True)

    def article_name_match(self, terms):
        by_name = ArticleFts.objects.filter(fts__match=f"{{names}} : ({fts_expression(terms)})")
        return Q(id__in=by_name.values("id"))

    def ranked(self, entries, terms):
        return entries.annotate(relevance=-F("fts_rank"))

    def similar_names(self, key, *, names, threshold, limit):
        grams = trigrams(key)
        if not grams:
            return []
        sql, params = _sharing(grams, threshold)
        candidates = RawSQL(f"SELECT rowid FROM ({sql})", params)
        scored = [(row, similarity(grams, row.name)) for row in names.filter(id__in=candidates)]
        scored = [(row, score) for row, score in scored if score >= threshold]
        scored.sort(key=lambda pair: (-pair[1], pair[0].name, pair[0].pk))
        return scored[:limit]

    def names_with_similar_words(self, words, *, names, threshold, limit):
        parts = [_sharing(grams, threshold) for grams in map(trigrams, words) if grams]
        if not parts:
            return []
        # Every candidate with the largest share of a word's trigrams it holds, closest first; then
        # the visible ones among them, read in chunks until `limit` are found.
        sql = (
            f"SELECT rowid, MAX(share) AS closeness FROM ({' UNION ALL '.join(part for part, _params in parts)}) "
            "GROUP BY rowid ORDER BY closeness DESC, rowid"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [param for _part, params in parts for param in params])
            ranked = [row[0] for row in cursor.fetchall()]
        found = []
        for chunk in chunks(ranked):
            visible = {name.pk: name for name in names.filter(id__in=chunk)}
            found += [visible[pk] for pk in chunk if pk in visible]
            if len(found) >= limit:
                break
        return found[:limit]


def _sharing(grams: set[str], threshold: float) -> tuple[str, tuple]:
    """The names that share enough of these trigrams to reach the threshold's similarity with them.

    similarity ≥ t needs at least t·|query trigrams| of them shared (for a whole name, and for any
    one word of it), so only names sharing that many are read back and scored; the index counts
    them, one lookup per trigram.
    """
    needed = max(1, math.ceil(threshold * len(grams) - 1e-9))
    lookup = f"SELECT rowid FROM {NAME_TRIGRAMS} WHERE {NAME_TRIGRAMS} MATCH %s"
    union = " UNION ALL ".join([lookup] * len(grams))
    return (
        f"SELECT rowid, COUNT(*) * 1.0 / %s AS share FROM ({union}) GROUP BY rowid HAVING COUNT(*) >= %s",
        (len(grams), *(f'"{gram}"' for gram in sorted(grams)), needed),
    )
