"""Suggestions as you type in the header's search box: published names and article titles.

They come from the same index as the search page (search/backends), with the same `.published()`
rule, but read only the names: films, people and songs whose names (in any script, aliases too)
and articles whose titles have a word starting with each word typed. The last word is always
taken as unfinished, so “kim t” already suggests Kim Tae-ri. The film's characters, which have
no entry of their own, are suggested when one of their names starts with what was typed (난 →
Nan-young, 난영), linking to them on their film's page.

Order: a name equal to what was typed, then names its pages show that start with it (characters'
too; those that start with its words whole first: “bon” is Bon Voyage before Bong Joon-ho), then
aliases that start with it, then names that merely contain it (라마크리슈난 for 난), each
tier films, people and songs by name; articles newest first. Articles take at most ARTICLE_SLOTS
of the LIMIT places when there are names to show. The queries do not grow with the matches: two
on the index, one for the characters, then one per kind of object shown.
"""

import dataclasses
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Character, Film, Person, Song
from common.languages import page_language
from news.models import Article

from .backends import get_backend
from .backends.base import TITLE
from .index_text import has_cjk, name_variants
from .models import Kind, SearchName
from .query import ParsedQuery, parse_query

LIMIT = 8
ARTICLE_SLOTS = 3
MIN_LENGTH = 2  # one letter would suggest a large part of the site; one Hangul syllable is enough (뷔 is V)

CHARACTER = "character"  # not a kind of the index: characters are found by their own names here
KIND_LABELS = {
    Kind.FILM: _("Film"),
    Kind.PERSON: _("Person"),
    Kind.SONG: _("Song"),
    Kind.ARTICLE: _("News"),
    CHARACTER: _("Character"),
}
EXACT, LEADS_WHOLE, LEADS, ALIAS_LEADS, CONTAINS = range(5)  # the tiers of names, best first
# What a suggestion needs of each object: its names, its address, whether it is public (not its texts).
VISIBLE = ("status", "publish_at", "slug")
OBJECTS = {
    Kind.FILM: Film.objects.only(*VISIBLE, "name", "name_ko"),
    Kind.PERSON: Person.objects.only(*VISIBLE, "name", "name_ko"),
    Kind.SONG: Song.objects.select_related("film").only(  # a song is public while its film is
        *VISIBLE, "title", "title_ko", "film__status", "film__publish_at"
    ),
    Kind.ARTICLE: Article.objects.only(*VISIBLE, "title", "language"),
    CHARACTER: Character.objects.select_related("film").only(
        "name", "name_ko", "film__slug", "film__status", "film__publish_at"
    ),
}


@dataclass(frozen=True)
class Suggestion:
    kind: str
    label: str
    url: str
    lang: str = ""  # the label's language where it is not the page's ("en" for an English-only name on /ko/)
    # The name in the other script that ends the label in brackets ("난영" of "Nan-young (난영)"), and its
    # language, so the list can mark that part as the pages do.
    also: str = ""
    also_lang: str = ""

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": str(KIND_LABELS[self.kind]),
            "label": self.label,
            "url": self.url,
            "lang": self.lang,
            "also": self.also,
            "also_lang": self.also_lang,
        }


def _labelled(kind: str, obj) -> dict[str, str]:
    """What a suggestion shows, each part with its language where that differs from the page's."""
    page = page_language()
    if kind == Kind.ARTICLE:
        return {"label": obj.title, "lang": obj.text_language if obj.text_language != page else ""}
    (name, language), *other = obj.name_parts
    labelled = {"label": obj.display_name, "lang": language if language != page else ""}
    if other:
        also, also_language = other[0]
        labelled.update(also=also, also_lang=also_language if also_language != page else "")
    return labelled


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
        tiered = _names(backend, query, limit) + _characters(query)
        names = [found for _tier, found in sorted(tiered, key=lambda pair: pair[0])][:limit]
        titles = [(Kind.ARTICLE, object_id) for object_id in backend.newest_few(query.terms, TITLE, limit)]
        shown = names[: limit - min(len(titles), ARTICLE_SLOTS)]
        shown += titles[: limit - len(shown)]
        return _loaded(shown)


def _names(backend, query: ParsedQuery, limit: int) -> list[tuple[int, tuple[str, int]]]:
    """Films, people and songs with every word typed in their names, best first, with their tier."""
    names = SearchName.objects.filter(entry_id=OuterRef("id"))
    starting = names.filter(name__startswith=query.key)
    tiers = {
        "exact": Exists(names.filter(name=query.key)),
        "whole": Exists(starting.filter(alias=False, name__startswith=f"{query.key} ")),
        "leads": Exists(starting.filter(alias=False)),
        "starts": Exists(starting),
    }
    rows = (
        backend.catalog(query.terms)
        .filter(backend.catalog_name_match(query.terms))
        .annotate(**tiers)
        .order_by(*(F(tier).desc() for tier in tiers), "kind", backend.by_name(), "object_id")
    )
    found = []
    for kind, object_id, *flags in rows.values_list("kind", "object_id", *tiers)[:limit]:
        tier = next(
            (tier for tier, flag in zip((EXACT, LEADS_WHOLE, LEADS, ALIAS_LEADS), flags, strict=True) if flag), CONTAINS
        )
        found.append((tier, (kind, object_id)))
    return found


def _characters(query: ParsedQuery) -> list[tuple[int, tuple[str, int]]]:
    """Public characters one of whose names starts with what was typed (EXACT when it is all of it)."""
    word = query.terms[0].word
    candidates = Character.objects.published().filter(
        Q(name__icontains=word) | Q(name_ko__icontains=word) | Q(aliases__icontains=word)
    )
    found = []
    for character in candidates.only("name", "name_ko", "aliases").order_by("name", "pk"):
        keys = [key for name in character.all_names() for key in name_variants(name)]
        if query.key in keys:
            found.append((EXACT, (CHARACTER, character.pk)))
        elif any(key.startswith(f"{query.key} ") for key in keys):
            found.append((LEADS_WHOLE, (CHARACTER, character.pk)))
        elif any(key.startswith(query.key) for key in keys):
            found.append((LEADS, (CHARACTER, character.pk)))
    return found


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
            suggestions.append(Suggestion(kind=key[0], url=obj.get_absolute_url(), **_labelled(key[0], obj)))
    return suggestions
