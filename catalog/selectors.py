"""Reads for the catalog pages, each a fixed number of queries however large the catalog is."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Prefetch, QuerySet, TextChoices, Value, prefetch_related_objects

from caching.cached import cached, cached_many
from common import cache_tags

from .models import CREW_DEPARTMENTS, Character, Credit, Film, FilmCompany, Person, Praise, Song, SongCredit

T = TypeVar("T")


def the_film() -> Film | None:
    """The film the site is about: the first published one in the catalog's order (newest first).

    Kept until something it shows changes: the home page and every news card without a picture (which
    shows its poster) ask for it.
    """
    return cached("the-film", lambda: Film.objects.published().select_related("poster").first())


@dataclass
class CastRow:
    character: Character
    voices: dict[str, list[Credit]] = field(default_factory=dict)  # language code -> credits

    def voices_in(self, languages):
        return [self.voices.get(code, []) for code, _label in languages]


@dataclass
class CastTable:
    languages: list[tuple[str, str]]  # (code, label), original first
    rows: list[CastRow]

    def __bool__(self):
        return bool(self.rows)


@dataclass
class FilmPage:
    """What a film's page (and the home page) shows of it, read in a fixed number of queries."""

    film: Film
    cast: CastTable
    crew: list[tuple[str, list[Credit]]]
    songs: list


def cached_film_page(film: Film) -> FilmPage:
    """`film_page`, kept until something it shows changes: an article saved or imported leaves it to be
    reused by the film's page and the home page."""

    # The film and its poster were read outside, by the page: what it kept of them goes with the value.
    return cached(f"film-page:{film.pk}", lambda: film_page(film), shows=cache_tags.collected())


def cached_person_page(person: Person) -> Person:
    """The person with what their page shows of them read onto them (links, credits, song credits),
    kept until something they show changes. Whether they may be shown is the caller's."""

    def read() -> Person:
        credits = Credit.objects.published().select_related("film", "character")
        song_credits = SongCredit.objects.published().select_related("song", "song__film")
        prefetch_related_objects(
            [person],
            "links",
            Prefetch("credits", queryset=credits),
            Prefetch("song_credits", queryset=song_credits),
        )
        return person

    # The person and their photo were read outside, by the page: what it kept of them goes with the value.
    return cached(f"person-page:{person.pk}", read, shows=cache_tags.collected())


def cached_song_credits(song: Song) -> list[SongCredit]:
    """The song's credits to public people, with them, kept until one of them changes rather than
    queried and compiled on every view of the song's page. The song itself is not kept:
    its page has just read it to know it may be shown."""
    credits = SongCredit.objects.of_public_people().filter(song=song).select_related("person")
    return cached(f"song-credits:{song.pk}", lambda: list(credits))


NAMED = {"film": Film, "person": Person, "character": Character, "song": Song}  # as news.Mention names them


def _name_fields(model) -> tuple[str, ...]:
    return ("title", "title_ko") if model is Song else ("name", "name_ko", "aliases")


def public_names(entries: Iterable[tuple[str, int]]) -> dict[tuple[str, int], list[str]]:
    """Every name of each of these catalog entries ((kind, id), a kind of `NAMED`) that visitors may
    see; an entry they may not see has none. Kept per entry until it changes: a search
    shows which name an article was found through, and the same few entries are named again and again."""

    def read(missing: list[tuple[str, int]]) -> dict[tuple[str, int], list[str]]:
        found: dict[tuple[str, int], list[str]] = dict.fromkeys(missing, [])
        # Names read as values make no rows to tag, and the union counts as one kind's read.
        cache_tags.depends_on(*(cache_tags.row_tag(NAMED[kind], pk) for kind, pk in missing))
        for model in {NAMED[kind] for kind, _pk in missing}:  # the union counts as one kind's read
            inputs = (*model.objects.none().visibility_inputs, model._meta.label_lower)
            cache_tags.depends_on(cache_tags.list_tag(model), *(cache_tags.visible_tag(label) for label in inputs))
        reads = []  # one per kind, all read in one query: three columns of names each, a song's padded
        for kind, keys in grouped(missing, key=lambda key: key[0]):
            fields = _name_fields(NAMED[kind])
            rows = NAMED[kind].objects.published().filter(pk__in=[pk for _kind, pk in keys]).order_by()
            reads.append(rows.values_list(Value(kind), "pk", *fields, *[Value("")] * (3 - len(fields))))
        for kind, pk, *names in reads[0].union(*reads[1:], all=True) if len(reads) > 1 else reads[0]:
            fields = _name_fields(NAMED[kind])
            found[(kind, pk)] = NAMED[kind](**dict(zip(fields, names[: len(fields)], strict=True))).all_names()
        return found

    return cached_many({entry: f"entry-names:{entry[0]}:{entry[1]}" for entry in entries}, read)


def film_page(film: Film) -> FilmPage:
    """The film with every relation its page shows, read onto it. Whether it may be shown is the caller's."""
    prefetch_related_objects([film], *_film_page_relations())
    crew = crew_by_department(film.credits.all())
    return FilmPage(film=film, cast=cast_table(film), crew=crew, songs=list(songs_with_credits(film)))


def _film_page_relations() -> list:
    # Each ordered as its model orders it, less the leading film (or song): these rows all belong to
    # one, and ordering by it joined the films (and songs) again and compiled their orderings too,
    # for an order that changes nothing.
    return [
        "releases",
        Prefetch("company_roles", queryset=FilmCompany.objects.select_related("company")),
        Prefetch(
            "credits",
            queryset=Credit.objects.of_public_people()
            .select_related("person", "person__photo", "character")
            .order_by("order", "pk"),
        ),
        Prefetch("characters", queryset=Character.objects.order_by("order", "name")),
        Prefetch("praise", queryset=Praise.objects.select_related("author").order_by("order", "pk")),
    ]


def cast_table(film: Film) -> CastTable:
    """The voice cast as one row per character and one column per language (original first)."""
    order = list(Credit.Language.values)
    rows: dict[int, CastRow] = {}
    used: set[str] = set()
    for credit in film.credits.all():  # prefetched
        if credit.role != Credit.Role.VOICE or credit.character is None:
            continue
        row = rows.setdefault(credit.character_id, CastRow(character=credit.character))
        row.voices.setdefault(credit.language, []).append(credit)
        used.add(credit.language)
    languages = [(code, label) for code, label in Credit.Language.choices if code in used]
    ordered = sorted(rows.values(), key=lambda row: (row.character.order, row.character.name))
    languages.sort(key=lambda pair: order.index(pair[0]))
    return CastTable(languages=languages, rows=ordered)


def grouped(items: Iterable[T], key: Callable[[T], Any]) -> list[tuple[Any, list[T]]]:
    """Items grouped under `key(item)`, groups in the order their first item comes (e.g. credits by film)."""
    groups: dict[Any, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


def credits_by_role(credits: Iterable[T], roles: type[TextChoices]) -> list[tuple[str, list[T]]]:
    """Credits grouped under their role's label, in the order the roles are declared."""
    groups = dict(grouped(credits, key=lambda credit: credit.role))
    return [(label, groups[role]) for role, label in roles.choices if role in groups]


def crew_by_department(credits: Iterable[Credit]) -> list[tuple[str, list[Credit]]]:
    """The crew under their department's name (Directing, Writing …) in the departments' order; departments
    with nobody are left out, and so are voices (the cast)."""
    groups = dict(grouped(credits, key=lambda credit: credit.role))
    departments = [(label, [c for role in roles for c in groups.get(role, [])]) for label, roles in CREW_DEPARTMENTS]
    return [(label, members) for label, members in departments if members]


def songs_with_credits(film: Film) -> QuerySet:
    """A film's songs with the credits visitors may see, for the film's own page (already checked).

    The songs are those marked published, so an editor previewing a draft film sees the songs it
    will have; visitors reach this only once the film is public, when that is the songs' whole rule.
    """
    credits = SongCredit.objects.of_public_people().select_related("person").order_by("order", "pk")  # per song
    return (
        film.songs.marked_published().order_by("order", "title").prefetch_related(Prefetch("credits", queryset=credits))
    )
