"""Reads for the catalog pages, each a fixed number of queries however large the catalog is."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from editorial.kept import kept

from .models import Character, Credit, Film, FilmCompany, Praise, SongCredit


def the_film() -> Film | None:
    """The film the site is about: the first published one in the catalog's order (newest first).

    Kept until the next change: the home page and every news card without a picture (which shows
    its poster) ask for it.
    """
    return kept("the-film", lambda: Film.objects.published().select_related("poster").first())


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


def film_page(film: Film) -> FilmPage:
    """The film with every relation its page shows, read onto it. Whether it may be shown is the caller's."""
    prefetch_related_objects([film], *_film_page_relations())
    crew = credits_by_role(credit for credit in film.credits.all() if credit.role != Credit.Role.VOICE)
    return FilmPage(film=film, cast=cast_table(film), crew=crew, songs=list(songs_with_credits(film)))


def _film_page_relations() -> list:
    return [
        "releases",
        Prefetch("company_roles", queryset=FilmCompany.objects.select_related("company")),
        Prefetch(
            "credits",
            queryset=Credit.objects.of_public_people().select_related("person", "person__photo", "character"),
        ),
        "characters",
        Prefetch("praise", queryset=Praise.objects.select_related("author")),
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


def credits_by_role(credits) -> list[tuple[str, list[Credit]]]:
    """Non-voice credits grouped under their role's label, in the order roles are declared."""
    groups: dict[str, list[Credit]] = {}
    for credit in credits:
        groups.setdefault(credit.role, []).append(credit)
    labels = dict(Credit.Role.choices)
    return [(labels[role], groups[role]) for role in Credit.Role.values if role in groups]


def songs_with_credits(film: Film) -> QuerySet:
    """A film's songs with the credits visitors may see, for the film's own page (already checked).

    The songs are those marked published, so an editor previewing a draft film sees the songs it
    will have; visitors reach this only once the film is public, when that is the songs' whole rule.
    """
    credits = SongCredit.objects.of_public_people().select_related("person")
    return film.songs.marked_published().prefetch_related(Prefetch("credits", queryset=credits))
