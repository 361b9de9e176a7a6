"""A person's “Known for” lines, each linked to the work when the catalog has it.

Editors type the lines freely (“The Summer (2023)”, “마법이 돌아오는 날의 바다 — The Sea on the Day the
Magic Returns”), so a line is matched on its whole text, on its text without a closing note in
brackets, or on one of the titles a dash or slash separates; never on a word inside it. The names of
every public film and song are read once per change of films or songs, two queries, and kept for all people.
"""

import re
from dataclasses import dataclass

from caching.cached import cached
from common.languages import localized
from common.text import fold

from .models import Film, Person, Song, split_lines

_CLOSING_NOTE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")  # “(2023)”, “[short]”
_SEPARATORS = re.compile(r"\s+[—–/|-]\s+")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_QUOTES = "\"'“”‘’«»《》〈〉「」『』"


@dataclass(frozen=True)
class KnownFor:
    text: str
    work: Film | Song | None = None  # the public film or song the line names, if any
    language: str = "en"  # the language the line is written in (Korean pages fall back to English lines)

    @property
    def url(self) -> str:
        return self.work.get_absolute_url() if self.work else ""

    @property
    def year(self) -> int | None:
        """The film's year, for a line that names a film of the catalog and gives none itself."""
        if isinstance(self.work, Film) and not _YEAR.search(self.text):
            return self.work.year
        return None


def normalized(name: str) -> str:
    """A title as matching compares it: folded as everywhere (common.text.fold), single spaces, no
    quotes around it."""
    return " ".join(fold(name).split()).strip(_QUOTES).strip()


def _candidates(line: str) -> list[str]:
    untagged = _CLOSING_NOTE.sub("", line)
    parts = [_CLOSING_NOTE.sub("", part) for part in _SEPARATORS.split(untagged)]
    return [name for name in map(normalized, [line, untagged, *parts]) if name]


def works_by_name() -> dict[str, Film | Song]:
    """Every public film (by its titles and aliases) and song (by its titles) under each normalised name.
    Films win a name they share with a song. Kept as rows, not addresses: a page reads the address in
    its own language."""
    works: dict[str, Film | Song] = {}
    for song in Song.objects.published().only("title", "title_ko", "slug").order_by("pk"):
        for name in song.all_names():
            works.setdefault(normalized(name), song)
    for film in Film.objects.published().only("name", "name_ko", "aliases", "slug", "year").order_by("pk"):
        for name in film.all_names():
            works[normalized(name)] = film
    return works


def known_for(person: Person) -> list[KnownFor]:
    """The person's “Known for” lines in the page's language, each with the public film or song it names."""
    text, language = localized(person, "known_for")
    lines = split_lines(text)
    if not lines:
        return []
    works = cached("known-for-works", works_by_name)
    return [
        KnownFor(
            text=line, work=next((works[name] for name in _candidates(line) if name in works), None), language=language
        )
        for line in lines
    ]
