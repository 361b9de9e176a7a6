"""What a search backend provides: the matching entries, whether they match by name, their
relevance, and names that look like a misspelt query. The selectors (search/selectors.py) build
everything else, the same way on both databases.

Semantics both backends implement exactly, so they find the same entries:

- an entry matches when every term matches a word of its names or of its body; a prefix term
  matches words starting with it, other terms whole words only;
- it matches by name when every term matches a word of its names (an article's title);
- `similar_names`: names whose pg_trgm similarity to the query is at least the threshold;
- `names_with_similar_words`: names with a word whose similarity to one of the given words is at
  least the threshold, closest first, up to a limit (the selectors score the words themselves, the
  same way on both; past the limit, each database's own closeness decides which names are read).

Rows of the querysets have `id` (the entry's), `kind`, `object_id`, `names` and `recency`, and are
already limited to published entries.
"""

import datetime as dt
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet

from ..models import SearchName
from ..query import Term

ALL, TITLE, TEXT_ONLY = "all", "title", "text"


@dataclass(frozen=True)
class ArticleScope:
    """The articles a search looks among: those of a queryset (a topic, a source) and those dated in
    [start, end) (a year), either or both.

    The dates are read from the index's own `recency` (an article's date, as the news list shows it):
    as articles of a queryset, a year could hold three in four articles, and SQLite read all their
    ids before the first match.
    """

    articles: QuerySet | None = None
    dated: tuple[dt.datetime, dt.datetime] | None = None

    def narrow(self, rows: QuerySet) -> QuerySet:
        """Index rows (entries, or an index's own rows) of the articles in scope."""
        if self.dated is not None:
            rows = rows.filter(recency__gte=self.dated[0], recency__lt=self.dated[1])
        if self.articles is not None:
            rows = rows.filter(object_id__in=self.articles.values("pk"))
        return rows


class SearchBackend:
    vendor = ""
    dense_share = 0.5
    """Title matches this share of the first matches or more: the newest are read by walking (`newest`)."""

    def catalog(self, terms: tuple[Term, ...]) -> QuerySet:
        """Matching films, people and songs."""
        raise NotImplementedError

    def catalog_name_match(self, terms: tuple[Term, ...]) -> Q:
        """A condition on `catalog` rows: every term is in the names."""
        raise NotImplementedError

    def articles(self, terms: tuple[Term, ...], part: str = ALL, scope: ArticleScope | None = None) -> QuerySet:
        """Matching articles: all of them, those matching by TITLE, or those matching only in their TEXT;
        among the articles of `scope` when given. Rows with `object_id` and `recency`."""
        raise NotImplementedError

    def article_name_match(self, terms: tuple[Term, ...]) -> Q:
        """A condition on `articles` rows: every term is in the title."""
        raise NotImplementedError

    def named_matches(self, terms: tuple[Term, ...], scope: ArticleScope | None) -> QuerySet:
        """`articles` as rows of `object_id`, `named` (whether it matches by title) and `recency`."""
        named = ExpressionWrapper(self.article_name_match(terms), output_field=BooleanField())
        return (
            self.articles(terms, scope=scope).annotate(named=named).order_by().values("object_id", "named", "recency")
        )

    def count_articles(
        self, terms: tuple[Term, ...], scope: ArticleScope | None, cap: int, capped: Callable[[], tuple[str, list]]
    ) -> tuple[int, int]:
        """How many articles match, counted up to `cap`, and how many of those match by title.
        `capped`: `named_matches` cut at `cap`, compiled (the search compiles it once, for this count
        and for ordering the matches after it)."""
        inner, params = capped()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*), COUNT(*) FILTER (WHERE named) FROM ({inner}) capped", params)
            return cursor.fetchone()

    def session(self):
        """A context around one whole search (see the PostgreSQL backend)."""
        return nullcontext()

    def walking(self):
        """A context for a read meant to walk an ordinary index: the newest of many matches."""
        return nullcontext()

    def newest(
        self, terms: tuple[Term, ...], part: str, scope: ArticleScope | None, start: int, stop: int, *, walk: bool
    ) -> list[int]:
        """Object ids [start:stop] of the matching articles (`articles(terms, part)`, among the articles
        of `scope` when given), newest first. `walk` when they are many: the newest are found soonest
        by walking the entries in date order."""
        entries = self.articles(terms, part)
        if scope is not None:
            entries = scope.narrow(entries)
        newest = entries.order_by("-recency", "-object_id").values_list("object_id", flat=True)
        with self.walking() if walk else nullcontext():
            return list(newest[start:stop])

    def newest_few(self, terms: tuple[Term, ...], part: str, limit: int) -> list[int]:
        """Object ids of the newest `limit` matching articles, however many match (suggestions)."""
        return self.newest(terms, part, None, 0, limit, walk=False)

    def by_name(self):
        """Alphabetical order of the `names` column, by code point as SQLite compares text."""
        return F("names").asc()

    def ranked(self, entries: QuerySet, terms: tuple[Term, ...]) -> QuerySet:
        """`catalog` rows annotated with `relevance`, the database's own score (higher is better). It
        only orders entries that tie on everything else."""
        raise NotImplementedError

    def similar_names(
        self, key: str, *, names: QuerySet[SearchName], threshold: float, limit: int
    ) -> list[tuple[SearchName, float]]:
        raise NotImplementedError

    def names_with_similar_words(
        self, words: list[str], *, names: QuerySet[SearchName], threshold: float, limit: int
    ) -> list[SearchName]:
        raise NotImplementedError
