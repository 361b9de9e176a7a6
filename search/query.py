"""What a visitor typed, read into search terms, or the reason it cannot be searched."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .text import CJK, CJK_GRAM, has_cjk, words

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MIN_PREFIX = 3  # shorter words must match whole words (a two-letter prefix matches half the vocabulary)

PROBLEMS = {
    "empty": _("Type a name, a title or a few words to search films, people, songs and news."),
    "too_long": _("That search is too long. Keep it under %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH},
    "too_many_words": _("That search has too many words. Use at most %(limit)s.") % {"limit": MAX_TERMS},
    "no_words": _("That search has no letters or numbers in it. Try a name, a title or a word."),
}


@dataclass(frozen=True)
class Term:
    """One word of the query.

    `prefix`: the word may continue (“kim” finds “Kimberly”). Words of one or two letters or digits
    must stand alone: “V” finds V and “ri” finds Tae-ri, without every word that starts with them.
    `infix`: a word starting with a CJK character is found inside words too (김태리 in 김태리는),
    through the indexed inner pieces.
    """

    word: str
    prefix: bool = True

    @property
    def infix(self) -> bool:
        return CJK.match(self.word) is not None

    def matches(self, word: str) -> list[tuple[int, int]]:
        """Where this term matches inside one folded word, as (start, end) spans; empty if nowhere."""
        if self.infix:
            spans, start = [], word.find(self.word)
            while start != -1:
                spans.append((start, start + len(self.word)))
                start = word.find(self.word, start + len(self.word))
            return spans
        if self.prefix and word.startswith(self.word):
            return [(0, len(self.word))]
        if word == self.word:
            return [(0, len(word))]
        return []


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    terms: tuple[Term, ...] = ()
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def key(self) -> str:
        """The query as a name key (search/text.py name_key): compared with names for exact matches."""
        return " ".join(term.word for term in self.terms)

    @property
    def message(self) -> str:
        return PROBLEMS.get(self.problem, "")


def term_for(word: str) -> Term:
    if has_cjk(word):
        return Term(word[:CJK_GRAM])
    return Term(word, prefix=len(word) >= MIN_PREFIX)


def parse_query(raw: str | None) -> ParsedQuery:
    text = (raw or "").replace("\x00", "").strip()
    if not text:
        return ParsedQuery(raw="", problem="empty")
    if len(text) > MAX_QUERY_LENGTH:
        return ParsedQuery(raw=text[:MAX_QUERY_LENGTH], problem="too_long")
    found = list(dict.fromkeys(words(text)))
    if not found:
        return ParsedQuery(raw=text, problem="no_words")
    if len(found) > MAX_TERMS:
        return ParsedQuery(raw=text, problem="too_many_words")
    terms = tuple(dict.fromkeys(term_for(word) for word in found))
    return ParsedQuery(raw=text, terms=terms)
