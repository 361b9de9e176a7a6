"""PostgreSQL: full-text search with django.contrib.postgres. A trigger fills the two tsvector columns
of each entry (names alone, and names weighted A with the body weighted B), both GIN-indexed; names
are GIN-indexed with pg_trgm for misspellings (search/schema.py)."""

from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Collate, Greatest

from ..models import Kind, SearchEntry
from .base import ALL, TEXT_ONLY, TITLE, SearchBackend


class ParsedOnce(SearchQuery):
    """to_tsquery() in a scalar subquery: PostgreSQL parses the query once per statement, where a
    plain call (a stable function) would be parsed again for every row it ranks or tests."""

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return f"(SELECT {sql})", params


def tsquery(terms) -> SearchQuery:
    # Terms hold letters and digits only (search/text.py WORD), so quoting them is all the escaping needed.
    text = " & ".join(f"'{term.word}':*" if term.prefix else f"'{term.word}'" for term in terms)
    return ParsedOnce(text, search_type="raw", config="simple")


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def catalog(self, terms):
        # `kind <> 'article'` as written in the partial GIN indexes, so the planner can use them.
        return SearchEntry.objects.published().exclude(kind=Kind.ARTICLE).filter(document=tsquery(terms))

    def catalog_name_match(self, terms):
        return Q(names_document=tsquery(terms))

    def articles(self, terms, part=ALL, scope=None):
        query = tsquery(terms)
        entries = SearchEntry.objects.published().filter(kind=Kind.ARTICLE)
        if scope is not None:
            entries = scope.narrow(entries)
        if part == TITLE:
            return entries.filter(names_document=query)
        entries = entries.filter(document=query)
        return entries.exclude(names_document=query) if part == TEXT_ONLY else entries

    def article_name_match(self, terms):
        return Q(names_document=tsquery(terms))

    @contextmanager
    def session(self):
        """One transaction per search, with the planner told two things it cannot know.

        JIT off: the cost of ranking a few thousand people crosses jit_above_cost, and compiling then
        takes longer than running the query. No plain scans: with a LIMIT, the planner likes to read
        entries in table or date order and test each one's vector, which means unpacking a large
        tsvector per article until enough match, a cost it does not see; every search here can start
        from a GIN index instead, which only visits matching rows. `walking()` lifts the second rule
        for the one read that should walk the date index: the newest of a great many matches.
        """
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
            yield

    @contextmanager
    def walking(self):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")

    def by_name(self):
        # Byte order, as SQLite's: the same ties break the same way, with no locale's rules to apply.
        return Collate(F("names"), "C").asc()

    def ranked(self, entries, terms):
        return entries.annotate(relevance=SearchRank(F("document"), tsquery(terms), normalization=Value(2)))

    def similar_names(self, key, *, names, threshold, limit):
        # `%` (trigram_similar) finds candidates through the GIN index at pg_trgm's threshold, set to
        # ours for this transaction (search() runs in one); the similarity filter states it again.
        with connection.cursor() as cursor:  # `%` then keeps only candidates that can reach ours
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(threshold)])
        rows = (
            names.annotate(similarity=TrigramSimilarity("name", key))
            .filter(name__trigram_similar=key, similarity__gte=threshold)
            .order_by("-similarity", "name", "pk")[:limit]
        )
        return [(row, row.similarity) for row in rows]

    def names_with_similar_words(self, words, *, names, threshold, limit):
        # `name %> word` is `word <% name`: some stretch of the name shares at least the threshold's part
        # of the word's trigrams, as any word of the name within the threshold does (GIN-indexed).
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(threshold)])
        similar = Q()
        for word in words:
            similar |= Q(name__trigram_word_similar=word)
        closeness = [TrigramWordSimilarity(word, "name") for word in words]
        closest = closeness[0] if len(closeness) == 1 else Greatest(*closeness)
        return list(names.filter(similar).annotate(closeness=closest).order_by("-closeness", "pk")[:limit])
