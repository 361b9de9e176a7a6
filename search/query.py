"""What a visitor typed, read into search terms, or the reason it cannot be searched."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from common.text import words

from .index_text import CJK, CJK_GRAM, has_cjk

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MIN_PREFIX = 3  # shorter words must match whole words (a two-letter prefix matches half the vocabulary)

PROBLEMS = {
    "empty": _("Type a name, a title or a few words to search films, people, songs and news."),
    "too_long": _("That search is too long. Keep it under %(length)s characters."),
    "too_many_words": _("That search has too many words. Use at most %(words)s."),
    "no_words": _("That search has no letters or numbers in it. Try a name, a title or a word."),
}


@dataclass(frozen=True)
class Term:
    """One word of the query.

    `prefix`: the last word of a query may be unfinished (“bon voy” finds Bon Voyage); the words
    before it are whole words, as are words of one or two letters or digits, so “V” finds V and
    “ri” finds Tae-ri without every word that starts with them. (Whole words are also what the
    full-text indexes look up fastest.) `infix`: a word starting with a CJK character is found
    anywhere inside words (김태리 in 김태리는), whatever its place in the query,
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
        """Why the query cannot be searched, in the language of the page being shown."""
        if not self.problem:
            return ""
        return str(PROBLEMS[self.problem]) % {"length": MAX_QUERY_LENGTH, "words": MAX_TERMS}


def term_for(word: str, *, last: bool) -> Term:
    if has_cjk(word):
        return Term(word[:CJK_GRAM])
    return Term(word, prefix=last and len(word) >= MIN_PREFIX)


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
    terms = tuple(term_for(word, last=index == len(found) - 1) for index, word in enumerate(found))
    return ParsedQuery(raw=text, terms=terms)
