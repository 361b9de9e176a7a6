"""Finding which catalog entries an article mentions.

Names are matched on whole words, token by token, so "Kim Tae-ri", "kim tae ri" and
"KIM TAE-RI" are one name and "Vince" never mentions "V". Korean attaches particles to
the word before them (김태리는, 홍경이), so a Hangul word also matches with a known particle
cut off its end. Looking n-grams up in a dict keeps the cost proportional to the text,
whatever the size of the catalog.
"""

import functools
import logging
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from caching.changes import rows_changed
from catalog.models import Character, Film, Person, Song
from common.text import words

from .models import Article, Mention

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Longest first, so 에게서 is tried before 에게 and 에.
PARTICLES = sorted(
    {
        "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "에게서", "한테", "께서", "께",
        "와", "과", "도", "만", "로", "으로", "랑", "이랑", "처럼", "보다", "까지", "부터", "이나", "나",
        "이다", "이며", "이고", "이가", "씨", "씨가", "씨는", "씨의", "님", "님이", "님은",
    },
    key=len,
    reverse=True,
)  # fmt: skip
CASE_SENSITIVE_BELOW = 3  # names this short ("V") must match their exact case
VERSION_KEY = "news:catalog-names-version"
SOURCES = {"film": Film, "person": Person, "character": Character, "song": Song}
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    kind: str  # "film", "person", "character" or "song"
    pk: int


@functools.lru_cache(maxsize=20_000)
def _variants(token: str) -> tuple[str, ...]:
    """The word itself and, for Hangul words, the word without a trailing particle.

    Cached: an article repeats its words, and a large import repeats its vocabulary.
    """
    if not HANGUL.search(token):
        return (token,)
    return (token, *(token[: -len(p)] for p in PARTICLES if token.endswith(p) and len(token) > len(p)))


class NameMatcher:
    def __init__(self, names: Iterable[tuple[str, Entry]]):
        self.folded: dict[tuple[str, ...], set[Entry]] = defaultdict(set)
        self.exact: dict[tuple[str, ...], set[Entry]] = defaultdict(set)
        self.longest = 1
        for name, entry in names:
            compact = "".join(words(name, folded=False))
            if not compact:
                continue
            if len(compact) < CASE_SENSITIVE_BELOW:
                key = tuple(words(name, folded=False))
                self.exact[key].add(entry)
            else:
                key = tuple(words(name))
                self.folded[key].add(entry)
            self.longest = max(self.longest, len(key))
        # Most words start no name at all: one set lookup skips them before any n-gram is tried.
        self.folded_starts = {key[0] for key in self.folded}
        self.exact_starts = {key[0] for key in self.exact}

    def find(self, text: str) -> set[Entry]:
        found: set[Entry] = set()
        raw = words(text, folded=False)
        folded = words(text)
        for tokens, table, starts in ((folded, self.folded, self.folded_starts), (raw, self.exact, self.exact_starts)):
            if not table:
                continue
            for start, first in enumerate(tokens):
                if first not in starts:
                    stems = _variants(first)[1:]
                    if not stems or not any(stem in starts for stem in stems):
                        continue
                for size in range(1, min(self.longest, len(tokens) - start) + 1):
                    head = tuple(tokens[start : start + size - 1])
                    for last in _variants(tokens[start + size - 1]):
                        found |= table.get((*head, last), set())
        return found


def catalog_names() -> list[tuple[str, Entry]]:
    names = []
    for kind, model in SOURCES.items():
        for obj in model.objects.all():
            names += [(name, Entry(kind, obj.pk)) for name in obj.all_names()]
    return names


_cached: dict[str, object] = {"version": None, "matcher": None, "built": 0.0}
# Other processes hear of catalog changes through the shared cache; with the default
# local-memory cache they cannot, so a matcher is also rebuilt once it is this old.
MATCHER_MAX_AGE = 30.0


def catalog_changed() -> None:
    """Drop this process's matcher and tell the others (through the cache) that theirs is stale."""
    _cached["matcher"] = None
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # a cache that is down must never fail a save: the others rebuild by age
        logger.warning("cache unavailable; other processes rebuild their name matcher by age", exc_info=True)


def _shared_version():
    try:
        return cache.get(VERSION_KEY)
    except Exception:
        logger.warning("cache unavailable; the name matcher is rebuilt by age", exc_info=True)
        return None


def current_matcher() -> NameMatcher:
    version = _shared_version()
    now = time.monotonic()
    if _cached["matcher"] is None or _cached["version"] != version or now - _cached["built"] > MATCHER_MAX_AGE:
        _cached.update(matcher=NameMatcher(catalog_names()), version=version, built=now)
    return _cached["matcher"]


def article_text(article: Article) -> str:
    return "\n".join((article.title, article.subtitle, article.body_text))


def sync_mentions(article: Article, found: set[Entry], *, only: set[Entry] | None = None) -> None:
    """Bring automatic mentions in line with `found`, leaving editors' choices alone.

    With `only`, just those entries are considered (used when one catalog entry is renamed).
    """
    existing = {Entry(*m.target_key): m for m in article.mentions.all()}
    scope = only if only is not None else found | set(existing)
    candidates = [entry for entry in found & scope if entry not in existing]
    new = [
        Mention(article=article, origin=Mention.Origin.AUTO, **{entry.kind + "_id": entry.pk})
        for entry in _still_there(candidates)
    ]
    stale = [
        mention.pk
        for entry, mention in existing.items()
        if entry in scope and entry not in found and mention.origin == Mention.Origin.AUTO and not mention.excluded
    ]
    if new:
        Mention.objects.bulk_create(new)
        rows_changed(Mention, new)  # a bulk insert sends no post_save
    if stale:
        Mention.objects.filter(pk__in=stale).delete()


def _still_there(entries: list[Entry]) -> list[Entry]:
    """Drop entries deleted since the matcher was built (another process may not know yet)."""
    kept = []
    for kind in {entry.kind for entry in entries}:
        wanted = sorted({entry.pk for entry in entries if entry.kind == kind})
        for start in range(0, len(wanted), 500):  # short IN (...) lists, however large the catalog
            found = SOURCES[kind].objects.filter(pk__in=wanted[start : start + 500]).values_list("pk", flat=True)
            kept += [Entry(kind, pk) for pk in found]
    return kept


def refresh_mentions(article: Article) -> None:
    sync_mentions(article, current_matcher().find(article_text(article)))


def mention_new_articles(articles: Iterable[Article]) -> None:
    """Record the mentions of new articles: one insert for all of them.

    An imported article already holds its body as text (`Article.set_clean_body`).
    """
    matcher = current_matcher()
    found = [(article.pk, matcher.find(article_text(article))) for article in articles]
    there = set(_still_there(list(set().union(*(entries for _pk, entries in found)))))
    # A mention an editor already set on a new article (the admin's inline) is theirs: it stays.
    Mention.objects.bulk_create(
        (
            Mention(article_id=pk, origin=Mention.Origin.AUTO, **{entry.kind + "_id": entry.pk})
            for pk, entries in found
            for entry in entries
            if entry in there
        ),
        ignore_conflicts=True,
    )


def refresh_mentions_of(obj) -> None:
    """Recompute one catalog entry's mentions after its names changed."""
    kind = obj._meta.model_name
    entry = Entry(kind, obj.pk)
    matcher = NameMatcher((name, entry) for name in obj.all_names())
    candidates = Article.objects.filter(**{f"mentions__{kind}": obj}).values_list("pk", flat=True)
    query = None
    for name in obj.all_names():
        first = words(name, folded=False)
        if first:
            clause = Article.objects.filter(body__icontains=first[0]) | Article.objects.filter(
                title__icontains=first[0]
            )
            query = clause if query is None else query | clause
    pks = set(candidates) | (set(query.values_list("pk", flat=True)) if query is not None else set())
    with transaction.atomic():
        for article in Article.objects.filter(pk__in=pks).prefetch_related("mentions"):
            sync_mentions(article, matcher.find(article_text(article)), only={entry})
