"""One search over films, people, songs and articles: what matches, in what order, for which page.

Every read starts from the backend's published entries (`.published()` on the index, see
search/backends), and the objects shown are checked again with `is_public`, so nothing
unpublished is found, counted or shown.

Order within a kind, best first:
1. (films, people, songs) a name equal to the whole query: “kim tae ri” is Kim Tae-ri;
2. (films, people, songs) a name its pages show that starts with the query's words, whole (“bon” is
   Bon Voyage), then one that starts with it at all (Bong Joon-ho), over one that only an alias
   starts with: “kim” is Kim Tae-ri before V (also spelled Kim Taehyung);
3. every query word in the names or title, over words found only in the text;
4. articles: newest first; the others: the database's relevance (ts_rank / bm25), then name.

The kinds are shown best first too: the kind whose first hit is the better match by these tiers
leads, so the song Bon Voyage comes before V, whose biography mentions it.

Films, people and songs come from one query: a window numbers each kind's matches in that order
and counts them, and only the rows of the pages asked for come back. Articles come from one query
too, which takes up to COUNT_CAP + 1 matches, counts and orders them and returns one page; only a
word found in more than that many articles reads title matches and text matches separately (the
second only when a page reaches past the first), so it never has them all sorted. Article counts
stop at the cap (“1,000+”), and pages go as far.

When nothing matches by name, the query is compared with every published name by trigram
similarity (pg_trgm on PostgreSQL, the same measure over an FTS5 trigram index on SQLite). If the
query found nothing at all, the closest name is searched instead (“kim tea ri” → Kim Tae-ri);
otherwise it is offered as “did you mean”. When that finds nothing either, the query is corrected
word by word: each word that nothing published contains becomes the closest word of a published
name (“starlght” → Starlight, “voyge” → Voyage), and that is searched if it finds something.
"""

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.safestring import SafeString

from catalog.models import Film, Person, Song, split_lines
from catalog.selectors import public_names
from catalog.templatetags.display import marked_parts
from common.languages import ENGLISH, KOREAN, localized, page_language
from common.sanitize import html_to_text
from common.text import WORD, fold, words
from news.models import Article, Mention

from .backends import SearchBackend, get_backend
from .backends.base import TEXT_ONLY, TITLE, ArticleScope
from .highlight import SCAN_CHARS, Highlighter
from .index_text import has_cjk, similarity
from .models import NAME_KINDS, Kind, SearchEntry, SearchName
from .query import MAX_TERMS, ParsedQuery, Term, parse_query

PER_PAGE = 10
COUNT_CAP = 1000  # articles are counted up to here (“1,000+”) and paged as far
ORDER_HERE = COUNT_CAP  # when all the matching articles were read to count them, they are ordered here
SIMILARITY_THRESHOLD = 0.5
SIMILAR_KEY_LENGTH = (3, 60)  # shorter queries are too ambiguous to correct, longer ones are not names
WORD_SIMILARITY = 0.4  # one word against one word: “voyge” is 0.44 from “voyage”
CORRECTED_WORD_LENGTH = 4  # shorter words have too few trigrams to be told apart
SIMILAR_WORD_NAMES = 500  # names read back to score their words, at most

PAGE_PARAMS = {
    Kind.FILM: "films_page",
    Kind.PERSON: "people_page",
    Kind.SONG: "songs_page",
    Kind.ARTICLE: "articles_page",
}
ANCHORS = {Kind.FILM: "films", Kind.PERSON: "people", Kind.SONG: "songs", Kind.ARTICLE: "articles"}


@dataclass
class Hit:
    kind: str
    object: Any
    title: SafeString
    also: SafeString | None
    snippet: SafeString
    mentions: SafeString | None = None  # an article found through a name it mentions, not in its words
    snippet_language: str = ""  # "en" or "ko" (the page marks it where it differs), "" when unknown


@dataclass
class Group:
    kind: str
    label: str
    count: int
    page: Page | None = None
    query_string: str = ""  # the search's own parameters, without this group's page number

    @property
    def page_param(self) -> str:
        return PAGE_PARAMS[self.kind]

    @property
    def anchor(self) -> str:
        return ANCHORS[self.kind]

    @property
    def capped(self) -> bool:
        """More articles than are counted: shown as “1,000+”, paged up to 1,000."""
        return self.kind == Kind.ARTICLE and self.count > COUNT_CAP

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def hits(self) -> list[Hit]:
        return list(self.page.object_list) if self.page else []


@dataclass
class Results:
    asked: ParsedQuery  # what the visitor typed
    query: ParsedQuery  # what was searched: the same, or the closest name when that found nothing
    groups: list[Group] = field(default_factory=list)
    suggestion: str = ""  # a name to offer as “did you mean”

    def group(self, kind: str) -> Group:
        """The group of one kind, wherever the order of the kinds put it."""
        return next(group for group in self.groups if group.kind == kind)

    @property
    def corrected(self) -> bool:
        return self.query is not self.asked

    @property
    def total(self) -> int:
        return sum(COUNT_CAP if group.capped else group.count for group in self.groups)

    @property
    def capped(self) -> bool:
        return any(group.capped for group in self.groups)


class _Counted:
    """Something of known length the paginator can number pages with; the rows come later."""

    def __init__(self, count: int):
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return []


def _page(count: int, asked: Any, per_page: int) -> Page:
    """The page asked for, made valid (a bad or out-of-range number gives a real page)."""
    return Paginator(_Counted(min(count, COUNT_CAP)), per_page).get_page(asked)


class Tier(IntEnum):
    """How well a kind's best hit matches the query, for the order of the kinds (higher first)."""

    TEXT = 0  # the words are in its text only
    NAMED = 1  # every word is in its name or title
    LEADS = 2  # a name it is shown by starts with the query
    LEADS_WHOLE = 3  # a name it is shown by starts with the query's words, whole
    EXACT = 4  # one of its names is the query

    @classmethod
    def of(cls, exact, whole, leads, named) -> "Tier":
        if exact or whole or leads:
            return cls.EXACT if exact else cls.LEADS_WHOLE if whole else cls.LEADS
        return cls.NAMED if named else cls.TEXT


@dataclass
class _Found:
    counts: dict[str, int] = field(default_factory=dict)
    ids: dict[str, list[int]] = field(default_factory=dict)  # kind → object ids of the page, in order
    tiers: dict[str, Tier] = field(default_factory=dict)  # kind → how well its best hit matches

    @property
    def by_name(self) -> bool:
        """Whether anything matches by name."""
        return any(tier >= Tier.NAMED for tier in self.tiers.values())


def _catalog(backend, query: ParsedQuery, wanted: dict[str, tuple[int, int]]) -> list[tuple]:
    """Films, people and songs in order, numbered per kind, with each kind's total: one query.

    Returns (kind, object id, position, total, tier) for the rows of the pages wanted, and for the
    first row of every kind, which tells its total and how well its best hit matches (`Tier`).
    """
    names = SearchName.objects.filter(entry_id=OuterRef("id"))
    exact = Exists(names.filter(name=query.key))
    shown = names.filter(alias=False)
    whole = Exists(shown.filter(name__startswith=f"{query.key} "))
    leads = Exists(shown.filter(name__startswith=query.key))
    named = ExpressionWrapper(backend.catalog_name_match(query.terms), output_field=BooleanField())
    rows = backend.ranked(
        backend.catalog(query.terms).annotate(exact=exact, whole=whole, leads=leads, named=named), query.terms
    )
    order = [
        F("exact").desc(),
        F("whole").desc(),
        F("leads").desc(),
        F("named").desc(),
        F("relevance").desc(),
        backend.by_name(),
        F("object_id").asc(),
    ]
    numbered = (
        rows.annotate(
            position=Window(RowNumber(), partition_by=[F("kind")], order_by=order),
            total=Window(Count("id"), partition_by=[F("kind")]),
        )
        .values("kind", "object_id", "position", "total", "exact", "whole", "leads", "named")
        .order_by()
    )
    # Rows are picked by their number outside the query that numbers them (what QUALIFY would do);
    # wrapping the compiled query costs less than Django's own rewriting of a filter on a window.
    inner, params = numbered.query.sql_with_params()
    keep, keep_params = ["position = 1"], []
    for kind, (start, stop) in wanted.items():
        keep.append("(kind = %s AND position > %s AND position <= %s)")
        keep_params += [kind, start, stop]
    sql = (
        f"SELECT kind, object_id, position, total, exact, whole, leads, named FROM ({inner}) numbered "
        f"WHERE {' OR '.join(keep)} ORDER BY kind, position"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *keep_params])
        return [(*row[:4], Tier.of(*row[4:])) for row in cursor.fetchall()]


def _find(backend, query: ParsedQuery, pages: Mapping[str, Any], per_page: int, scope) -> _Found:
    found = _Found()
    wanted = {}
    for kind in NAME_KINDS:
        number = _page_number(pages.get(PAGE_PARAMS[kind]))
        wanted[kind] = ((number - 1) * per_page, number * per_page)
    for kind, object_id, position, total, tier in _catalog(backend, query, wanted):
        found.counts[kind] = total
        if position == 1:
            found.tiers[kind] = tier
        if wanted[kind][0] < position <= wanted[kind][1]:
            found.ids.setdefault(kind, []).append(object_id)
    for kind in NAME_KINDS:
        if not found.counts.get(kind):
            continue
        page = _page(found.counts[kind], pages.get(PAGE_PARAMS[kind]), per_page)
        if page.number != _page_number(pages.get(PAGE_PARAMS[kind])):  # out of range: the paginator chose
            bounds = (page.start_index() - 1, page.end_index())
            rows = _catalog(backend, query, {kind: bounds})
            found.ids[kind] = [row[1] for row in rows if row[0] == kind and bounds[0] < row[2] <= bounds[1]]
    found.counts[Kind.ARTICLE], found.ids[Kind.ARTICLE], by_title = _articles(backend, query, pages, per_page, scope)
    found.tiers[Kind.ARTICLE] = Tier.NAMED if by_title else Tier.TEXT
    return found


def _page_number(value: Any) -> int:
    """The page the paginator will give for this value, when it is in range (checked afterwards)."""
    try:
        return max(1, min(int(value), COUNT_CAP))
    except (TypeError, ValueError, OverflowError):
        return 1


def _articles(backend, query: ParsedQuery, pages, per_page: int, scope) -> tuple[int, list[int], bool]:
    """How many articles match (up to the cap), the object ids of the page asked for, and whether any
    article matches by title.

    Title matches come first, then text-only matches, newest first in each. One query counts up to
    COUNT_CAP + 1 matches, and how many match by title; when that is all of them (up to ORDER_HERE),
    a second orders them and reads the page asked for.
    Beyond the cap, the two tiers are read separately, the second only when the page reaches past
    the first, so a word found in most articles never has them all sorted: the backend finds the
    newest by walking its date index (PostgreSQL) or orders only the matches indexed last (SQLite).
    (Counting and ordering in one query sorted the first 1,001 matches of a common word for nothing.)
    """
    capped = functools.cache(lambda: backend.named_matches(query.terms, scope)[: COUNT_CAP + 1].query.sql_with_params())
    count, titled = backend.count_articles(query.terms, scope, COUNT_CAP + 1, capped)
    if not count:
        return 0, [], False
    page = _page(count, pages.get(PAGE_PARAMS[Kind.ARTICLE]), per_page)
    start, stop = page.start_index() - 1, page.end_index()
    if count <= ORDER_HERE:
        inner, params = capped()
        ordered = f"SELECT object_id FROM ({inner}) capped ORDER BY named DESC, recency DESC, object_id DESC"
        with connection.cursor() as cursor:
            cursor.execute(f"{ordered} LIMIT %s OFFSET %s", [*params, per_page, start])
            return count, [row[0] for row in cursor.fetchall()], bool(titled)
    # The capped set is a fair sample. Where most of it matches by title, the newest title matches are
    # found soon by reading articles newest first; otherwise reading every title match from the
    # index and ordering them is cheaper.
    dense = titled >= count * backend.dense_share
    title_ids = backend.newest(query.terms, TITLE, scope, 0, stop, walk=dense)
    ids = title_ids[start:stop]
    if len(title_ids) < stop:  # the title matches run out on this page, or before it
        skipped = len(title_ids)
        # Text-only matches of a word found in over a thousand articles: walked.
        first, last = max(start, skipped) - skipped, stop - skipped
        ids += backend.newest(query.terms, TEXT_ONLY, scope, first, last, walk=True)
    return count, ids, bool(title_ids)


def _suggest(backend: SearchBackend, query: ParsedQuery) -> SearchName | None:
    shortest, longest = SIMILAR_KEY_LENGTH
    if not shortest <= len(query.key) <= longest:
        return None
    found = backend.similar_names(query.key, names=_visible_names(), threshold=SIMILARITY_THRESHOLD, limit=1)
    return found[0][0] if found else None


def _visible_names() -> QuerySet[SearchName]:
    """Names of published films, people and songs: nothing else may be suggested (a draft would leak)."""
    visible = SearchEntry.objects.published().filter(pk=OuterRef("entry_id"), kind__in=NAME_KINDS)
    return SearchName.objects.filter(Exists(visible))


def _unknown(backend: SearchBackend, terms: list[Term]) -> list[Term]:
    """Those of these terms that match no word of anything published: one query for all of them."""
    checks, params = [], []
    for term in terms:
        for entries in (backend.catalog((term,)), backend.articles((term,))):
            sql, more = entries.order_by().values("id")[:1].query.sql_with_params()
            checks.append(f"EXISTS ({sql})")
            params += more
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(checks)}", params)
        row = cursor.fetchone()
    return [term for index, term in enumerate(terms) if not (row[2 * index] or row[2 * index + 1])]


def _corrections(backend: SearchBackend, unknown: list[str]) -> dict[str, str]:
    """For each of these words, the most similar word of a published name (as it is written there),
    if one is similar enough; and every other word of the names read, as written there (folded →
    as written), so the words typed right take the name's own case too (“jsutin min” → Justin Min)."""
    names = backend.names_with_similar_words(
        unknown, names=_visible_names(), threshold=WORD_SIMILARITY, limit=SIMILAR_WORD_NAMES
    )
    written: dict[str, str] = {}  # a name's words as folded → as written
    for name in names:
        for word in words(name.label, folded=False):
            written.setdefault(fold(word), word)
        for word in name.name.split():
            written.setdefault(word, word)
    closest = {}
    for typed in unknown:
        # The most similar word; among equals, the first in alphabetical order, as both databases agree.
        score, word = min(((-similarity(typed, word), word) for word in written), default=(0, ""))
        if -score >= WORD_SIMILARITY:
            closest[typed] = written[word]
    return {**written, **closest} if closest else {}


def _corrected_words(backend: SearchBackend, query: ParsedQuery) -> ParsedQuery | None:
    """The query with each word that nothing published contains replaced by the closest word of a
    published name; None when no word could be corrected."""
    terms = [
        term
        for term in query.terms
        if len(term.word) >= CORRECTED_WORD_LENGTH and not has_cjk(term.word) and not term.word.isdigit()
    ]
    if not terms:
        return None
    unknown = [term.word for term in _unknown(backend, terms)]
    closest = _corrections(backend, unknown) if unknown else {}
    if not closest:
        return None
    corrected = parse_query(WORD.sub(lambda word: closest.get(fold(word.group()), word.group()), query.raw))
    return corrected if corrected.ok and corrected.key != query.key else None


def _published(kind: str, ids: list[int]) -> dict[int, Any]:
    """The objects behind a page of entries, each still public.

    The entries came from `.published()` on the index; `is_public` is the same rule applied to
    each object loaded, which also covers an index lagging behind a bulk change. (Filtering these
    ten rows with `.published()` in SQL lets SQLite scan its status index instead of the ids.)
    """
    if kind == Kind.FILM:
        objects = Film.objects.select_related("poster")
    elif kind == Kind.PERSON:
        objects = Person.objects.select_related("photo")
    elif kind == Kind.SONG:
        objects = Song.objects.select_related("film")
    else:
        objects = Article.objects.select_related("source")  # their mentions: `_with_mentions`, where needed
    loaded = {obj.pk: obj for obj in objects.filter(pk__in=ids).order_by()}
    return {pk: obj for pk, obj in loaded.items() if obj.is_public}


def _both(obj, field: str, convert=str) -> list[tuple[str, str]]:
    """A field in the page's language (or its English fallback), then in the other language."""
    text, language = localized(obj, field)
    other = (getattr(obj, f"{field}_ko"), KOREAN) if language == ENGLISH else (getattr(obj, field), ENGLISH)
    return [(convert(text), language), (convert(other[0] or ""), other[1])]


def _texts(kind: str, obj) -> list[tuple[str, str]]:
    """Where a snippet may come from, in order of preference, each with its language: every text
    the index holds for the object, so the snippet shows the words that found it."""
    if kind == Kind.FILM:
        return [*_both(obj, "tagline"), *_both(obj, "synopsis", html_to_text), *_both(obj, "genres")]
    if kind == Kind.PERSON:
        return [*_both(obj, "bio", html_to_text), *_both(obj, "known_for", lambda text: ", ".join(split_lines(text)))]
    if kind == Kind.SONG:
        own = [*_both(obj, "description"), *_both(obj, "context")]
        return [*own, (obj.film.display_name, page_language())]
    return [(text, obj.text_language) for text in (obj.subtitle, obj.summary, obj.body_text)]


def _hit(kind: str, obj, highlighter: Highlighter) -> Hit:
    if kind == Kind.ARTICLE:
        title, shown, names = obj.title, [obj.title], []
    elif kind == Kind.SONG:
        title, shown, names = obj.display_name, [obj.title, obj.title_ko], obj.all_names()
    else:
        title, shown, names = obj.display_name, [obj.name, obj.name_ko], obj.all_names()
    also = None
    if not any(highlighter.matches_all(name) for name in shown if name):
        alias = next((name for name in names if name not in shown and highlighter.matches_all(name)), None)
        also = highlighter.mark(alias) if alias else None
    text, language = highlighter.best_text(_texts(kind, obj))
    mentions = None
    if kind == Kind.ARTICLE and not any(highlighter.matches_all(shown) for shown in (title, text[:SCAN_CHARS])):
        mentions = _NAMED_IN_MENTIONS  # which name: read with the other hits that need it (`_with_mentions`)
    snippet = highlighter.snippet(text)
    return Hit(
        kind=kind,
        object=obj,
        title=highlighter.mark(title) if kind == Kind.ARTICLE else marked_parts(obj.name_parts, highlighter.mark),
        also=also,
        snippet=snippet,
        mentions=mentions,
        snippet_language=language,
    )


def search(
    query: ParsedQuery,
    *,
    pages: Mapping[str, Any] | None = None,
    articles: QuerySet | None = None,
    dated: tuple[dt.datetime, dt.datetime] | None = None,
    per_page: int = PER_PAGE,
) -> Results:
    """Search every kind. `pages`: the page asked for, per kind; `articles`: only these articles;
    `dated`: only articles dated in [start, end)."""
    if not query.ok:
        raise ValueError(f"cannot search an unusable query ({query.problem})")
    scope = ArticleScope(articles, dated) if articles is not None or dated is not None else None
    backend = get_backend()
    with backend.session():
        return _search(backend, query, pages or {}, scope, per_page)


def _search(backend, query: ParsedQuery, pages: Mapping[str, Any], scope, per_page: int) -> Results:
    results = Results(asked=query, query=query)
    found = _find(backend, query, pages, per_page, scope)
    if not any(found.counts.values()):
        closest = _suggest(backend, query)
        if closest is not None and closest.name != query.key:
            corrected = parse_query(closest.label)
            if corrected.ok:
                results.query = query = corrected
                found = _find(backend, query, pages, per_page, scope)
    if not any(found.counts.values()):
        corrected = _corrected_words(backend, results.asked)
        if corrected is not None:
            by_words = _find(backend, corrected, pages, per_page, scope)
            if any(by_words.counts.values()):
                results.query = query = corrected
                found = by_words
    if not results.corrected and any(found.counts.values()) and not found.by_name:
        closest = _suggest(backend, query)
        if closest is not None and closest.name != query.key:
            results.suggestion = closest.label
    highlighter = Highlighter(query.terms)
    # The kind with the best match first; kinds that match alike keep the order of Kind.
    for kind, label in sorted(Kind.choices, key=lambda choice: -found.tiers.get(choice[0], Tier.TEXT)):
        count = found.counts.get(kind, 0)
        group = Group(kind=kind, label=label, count=count)
        results.groups.append(group)
        if not count:
            continue
        group.page = _page(count, pages.get(PAGE_PARAMS[kind]), per_page)
        ids = found.ids.get(kind, [])
        loaded = _published(kind, ids)
        hits = [_hit(kind, loaded[pk], highlighter) for pk in ids if pk in loaded]
        group.page.object_list = _with_mentions(hits, highlighter)
    return results


_NAMED_IN_MENTIONS = SafeString()  # a hit whose words lack the query: the name it mentions is looked up


def article_ids_matching(text: str) -> QuerySet | None:
    """The ids (as values) of the published articles holding every word of `text`, as search finds
    them (the last word also as the start of a longer one); its first MAX_TERMS words when it has
    more. None when it holds no word. The news list's word filter (news.filters.word_index)."""
    query = parse_query(" ".join(list(dict.fromkeys(words(text)))[:MAX_TERMS]))  # as parse_query counts them
    if not query.ok:
        return None
    return get_backend().articles(query.terms).values("object_id")


def _with_mentions(hits: list[Hit], highlighter: Highlighter) -> list[Hit]:
    """The articles found through a name they mention, with that name. What these hits alone mention
    is read, in one short query, and the names of what they mention are kept per catalog entry
    (`public_names`): reading the mentions with their entries ran their publishing rules, four joins,
    on every search."""
    pending = [hit for hit in hits if hit.mentions is _NAMED_IN_MENTIONS]
    if not pending:
        return hits
    rows = (
        Mention.objects.filter(article__in=[hit.object.pk for hit in pending], excluded=False)
        .order_by("pk")
        .values_list("article_id", *(f"{target}_id" for target in Mention.TARGETS))
    )
    named: dict[int, list[tuple[str, int]]] = {}  # article id → the entries it mentions, in order
    for article_id, *ids in rows:
        named.setdefault(article_id, []).extend((kind, pk) for kind, pk in zip(Mention.TARGETS, ids, strict=True) if pk)
    names = public_names(entry for entries in named.values() for entry in entries)
    for hit in pending:
        found = (name for entry in named.get(hit.object.pk, ()) for name in names[entry])
        name = next((name for name in found if highlighter.matches_all(name)), None)
        hit.mentions = highlighter.mark(name) if name else None
    return hits
