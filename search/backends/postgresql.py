"""PostgreSQL: full-text search with django.contrib.postgres. A trigger fills the two tsvector columns
of each entry (names alone, and names weighted A with the body weighted B), both GIN-indexed; names
are GIN-indexed with pg_trgm for misspellings (search/schema.py)."""

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db.models import F, Q, Value

from ..models import Kind, SearchEntry
from .base import ALL, TEXT_ONLY, TITLE, SearchBackend


def tsquery(terms) -> SearchQuery:
    # Terms hold letters and digits only (search/text.py WORD), so quoting them is all the escaping needed.
    text = " & ".join(f"'{term.word}':*" if term.prefix else f"'{term.word}'" for term in terms)
    return SearchQuery(text, search_type="raw", config="simple")


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def catalog(self, terms):
        # `kind <> 'article'` as written in the partial GIN indexes, so the planner can use them.
        return SearchEntry.objects.published().exclude(kind=Kind.ARTICLE).filter(document=tsquery(terms))

    def catalog_name_match(self, terms):
        return Q(names_document=tsquery(terms))

    def articles(self, terms, part=ALL):
        query = tsquery(terms)
        entries = SearchEntry.objects.published().filter(kind=Kind.ARTICLE)
        if part == TITLE:
            return entries.filter(names_document=query)
        entries = entries.filter(document=query)
        return entries.exclude(names_document=query) if part == TEXT_ONLY else entries

    def ranked(self, entries, terms):
        return entries.annotate(relevance=SearchRank(F("document"), tsquery(terms), normalization=Value(2)))

    def similar_names(self, key, *, names, threshold, limit):
        # `%` (trigram_similar) finds candidates through the GIN index at pg_trgm's own threshold
        # (0.3 by default); the similarity filter then applies ours.
        rows = (
            names.annotate(similarity=TrigramSimilarity("name", key))
            .filter(name__trigram_similar=key, similarity__gte=threshold)
            .order_by("-similarity", "name", "pk")[:limit]
        )
        return [(row, row.similarity) for row in rows]
