"""Suggestions as you type in the header's search box: published names and article titles.

They come from the same index as the search page (search/backends), with the same `.published()`
rule, but read only the names: films, people and songs whose names (in any script, aliases too)
and articles whose titles have a word starting with each word typed. The last word is always
taken as unfinished, so “kim t” already suggests Kim Tae-ri.

Order: a name equal to what was typed, then names that start with it, then films, people and
songs by name; articles newest first. Articles take at most ARTICLE_SLOTS of the LIMIT places
when there are names to show. The queries do not grow with the matches: two on the index (three on
SQLite, which first counts the title matches, up to a thousand, to choose how to find the newest),
then one per kind of object shown.
"""

import dataclasses
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from catalog.models import Film, Person, Song
from common.languages import ENGLISH, KOREAN, page_language
from news.models import Article

from .backends import get_backend
from .backends.base import TITLE
from .index_text import has_cjk
from .models import Kind, SearchName
from .query import ParsedQuery, parse_query

LIMIT = 8
ARTICLE_SLOTS = 3
MIN_LENGTH = 2  # one letter would suggest a large part of the site; one Hangul syllable is enough (뷔 is V)

KIND_LABELS = {Kind.FILM: _("Film"), Kind.PERSON: _("Person"), Kind.SONG: _("Song"), Kind.ARTICLE: _("News")}
# What a suggestion needs of each object: its names, its address, whether it is public (not its texts).
VISIBLE = ("status", "publish_at", "slug")
OBJECTS = {
    Kind.FILM: Film.objects.only(*VISIBLE, "name", "name_ko"),
    Kind.PERSON: Person.objects.only(*VISIBLE, "name", "name_ko"),
    Kind.SONG: Song.objects.select_related("film").only(  # a song is public while its film is
        *VISIBLE, "title", "title_ko", "film__status", "film__publish_at"
    ),
    Kind.ARTICLE: Article.objects.only(*VISIBLE, "title", "language"),
}


@dataclass(frozen=True)
class Suggestion:
    kind: str
    label: str
    url: str
    lang: str = ""  # the label's language where it is not the page's ("en" for an English-only name on /ko/)

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": str(KIND_LABELS[self.kind]),
            "label": self.label,
            "url": self.url,
            "lang": self.lang,
        }


def _label(kind: str, obj) -> tuple[str, str]:
    """What a suggestion shows, and its language when that differs from the page's."""
    page = page_language()
    if kind == Kind.ARTICLE:
        return obj.title, obj.text_language if obj.text_language != page else ""
    korean = obj.title_ko if kind == Kind.SONG else obj.name_ko
    return obj.display_name, ENGLISH if page == KOREAN and not korean else ""


def typed(text: str | None) -> ParsedQuery | None:
    """What was typed as search terms, the last one a prefix; None when there is nothing to look up."""
    query = parse_query(text)
    if not query.ok or (len(query.key) < MIN_LENGTH and not has_cjk(query.key)):
        return None
    *whole, last = query.terms
    return dataclasses.replace(query, terms=(*whole, dataclasses.replace(last, prefix=True)))


def suggest(text: str | None, limit: int = LIMIT) -> list[Suggestion]:
    query = typed(text)
    if query is None:
        return []
    backend = get_backend()
    with backend.session():
        names = _names(backend, query, limit)
        titles = [(Kind.ARTICLE, object_id) for object_id in backend.newest_few(query.terms, TITLE, limit)]
        shown = names[: limit - min(len(titles), ARTICLE_SLOTS)]
        shown += titles[: limit - len(shown)]
        return _loaded(shown)


def _names(backend, query: ParsedQuery, limit: int) -> list[tuple[str, int]]:
    """Films, people and songs with every word typed in their names, best first."""
    names = SearchName.objects.filter(entry_id=OuterRef("id"))
    rows = (
        backend.catalog(query.terms)
        .filter(backend.catalog_name_match(query.terms))
        .annotate(exact=Exists(names.filter(name=query.key)), starts=Exists(names.filter(name__startswith=query.key)))
        .order_by(F("exact").desc(), F("starts").desc(), "kind", backend.by_name(), "object_id")
    )
    return list(rows.values_list("kind", "object_id")[:limit])


def _loaded(found: list[tuple[str, int]]) -> list[Suggestion]:
    """The objects behind the entries found, in order, each checked again with `is_public`:
    one query per kind."""
    ids: dict[str, list[int]] = {}
    for kind, object_id in found:
        ids.setdefault(kind, []).append(object_id)
    objects = {
        (kind, obj.pk): obj for kind, pks in ids.items() for obj in OBJECTS[kind].filter(pk__in=pks) if obj.is_public
    }
    suggestions = []
    for key in found:
        obj = objects.get(key)
        if obj is not None:
            label, lang = _label(key[0], obj)
            suggestions.append(Suggestion(kind=key[0], label=label, url=obj.get_absolute_url(), lang=lang))
    return suggestions
