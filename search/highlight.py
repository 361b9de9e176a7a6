"""Showing why something matched: query words marked in titles, and a short snippet around them.

Matching here follows the index (search/query.py Term): a prefix term marks the whole word it
starts (“starl” marks Starlight), a CJK term marks itself anywhere inside one. Texts are folded as
the index folds them (case, accents, compatibility forms) before they are matched.

What is marked reads as words and names, not as letters the index happened to match:
- matches separated only by spaces or hyphens are one mark (<mark>Kim Tae-ri</mark>);
- a stop word (“in”, “the”) or a Korean particle (의, 는) is marked only as part of such a run with
  another query word (<mark>Lost in Starlight</mark>), never on its own, unless the query holds
  nothing else.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.text import WORD, fold
from news.mentions import PARTICLES

from .index_text import HYPHENATED, HYPHENS
from .query import Term

SNIPPET_WORDS = 30
LEAD_WORDS = 6  # words kept before the first match, for context
SCAN_CHARS = 50_000  # where a snippet is looked for in a long text
# Short on purpose: words that are in nearly every English sentence and never a search by themselves.
STOP_WORDS = frozenset("a an and are as at be by for from in is it of on or the to with".split())
WEAK_WORDS = STOP_WORDS | frozenset(PARTICLES)
JOINERS = frozenset(" -\u2010\u2011")  # what may separate two matches of one mark: spaces, hyphens


def _is_word_char(char: str) -> bool:
    return char.isalnum()


class _Finder:
    """Where one term matches in folded text: a literal search, then a look at the characters around
    each hit (a regular expression that starts with a lookbehind is tried at every position instead)."""

    def __init__(self, term: Term):
        self.word, self.infix, self.prefix = term.word, term.infix, term.prefix
        self.whole_word = self.prefix and not self.infix

    def spans(self, text: str) -> list[tuple[int, int]]:
        found, start, size = [], text.find(self.word), len(self.word)
        while start != -1:
            end = start + size
            starts_word = self.infix or start == 0 or not _is_word_char(text[start - 1])
            ends_right = self.infix or self.prefix or end == len(text) or not _is_word_char(text[end])
            if starts_word and ends_right:
                if self.whole_word:  # the whole word it starts, not “Starl|ight”
                    while end < len(text) and _is_word_char(text[end]):
                        end += 1
                found.append((start, end))
            start = text.find(self.word, end)
        return found


def _word_start(text: str, position: int) -> int:
    """Where the word that ends just before `position` starts."""
    while position and _is_word_char(text[position - 1]):
        position -= 1
    return position


def _back(text: str, position: int, words: int) -> int:
    """Where the word `words` words before the one at `position` starts."""
    start = text.rfind(" ", 0, position) + 1
    for _ in range(words):
        if start == 0:
            break
        start = text.rfind(" ", 0, start - 1) + 1
    return start


def _forward(text: str, start: int, words: int) -> int:
    """Where `words` words from `start` end."""
    end = start
    for _ in range(words):
        end = text.find(" ", end + 1)
        if end == -1:
            return len(text)
    return end


class Highlighter:
    def __init__(self, terms: tuple[Term, ...]):
        self.terms = terms
        self.finders = [_Finder(term) for term in terms]
        weak = {index for index, term in enumerate(terms) if term.word in WEAK_WORDS}
        self.weak = weak if len(weak) < len(terms) else set()  # a query of stop words alone marks them

    def _matches(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, term index) of every match in the text, by position in the text itself."""
        folded = fold(text)
        if len(folded) == len(text):
            found = {
                (start, end, index) for index, finder in enumerate(self.finders) for start, end in finder.spans(folded)
            }
            return sorted(found | self._across_hyphens(folded))
        # Folding changed the length somewhere (ß → ss, ﬁ → fi): match word by word, marking whole words.
        spans = []
        for word in WORD.finditer(text):
            folded_word = fold(word.group())
            spans += [
                (word.start(), word.end(), index)
                for index, finder in enumerate(self.finders)
                if finder.spans(folded_word)
            ]
        return sorted(spans)

    def _across_hyphens(self, folded: str) -> set[tuple[int, int, int]]:
        """Matches of a joined word in a hyphenated one ("jiwon" in "ji-won"), as the index holds
        hyphenated words joined too (search/index_text.py). Only the words around a hyphen are read."""
        found: set[tuple[int, int, int]] = set()
        for hyphen in HYPHENS:
            at, end = folded.find(hyphen), 0
            while at != -1:
                if at >= end and at and _is_word_char(folded[at - 1]):
                    match = HYPHENATED.match(folded, _word_start(folded, at))
                    if match and match.end() > at + 1:
                        end = match.end()
                        kept = [i for i in range(match.start(), end) if folded[i] not in HYPHENS]
                        joined = "".join(folded[i] for i in kept)
                        for index, finder in enumerate(self.finders):
                            found.update((kept[a], kept[b - 1] + 1, index) for a, b in finder.spans(joined))
                at = folded.find(hyphen, at + 1)
        return found

    def matched_terms(self, text: str) -> set[int]:
        return {index for _start, _end, index in self._matches(text or "")}

    def matches_all(self, text: str) -> bool:
        return len(self.matched_terms(text)) == len(self.terms)

    def _marks(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each mark: runs of matches joined by spaces or hyphens, each holding at least
        one match that is not a stop word or a particle."""
        runs: list[list] = []  # [start, end, strong]
        for start, end, index in self._matches(text):
            # Weak by what matched, not by what was typed: “and” finding “Anderson” is marked.
            strong = index not in self.weak or fold(text[start:end]) not in WEAK_WORDS
            if runs and (start <= runs[-1][1] or set(text[runs[-1][1] : start]) <= JOINERS):
                runs[-1][1] = max(end, runs[-1][1])
                runs[-1][2] = runs[-1][2] or strong
            else:
                runs.append([start, end, strong])
        return [(start, end) for start, end, strong in runs if strong]

    def mark(self, text: str) -> SafeString:
        """The text, escaped, with the matching words and names in <mark>."""
        text = text or ""
        out, position = [], 0
        for start, end in self._marks(text):
            out += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
            position = end
        out.append(escape(text[position:]))
        return mark_safe("".join(out))

    def snippet(self, text: str, *, size: int = SNIPPET_WORDS) -> SafeString:
        """About `size` words of the text around its best run of matches (most different terms)."""
        text = " ".join((text or "")[:SCAN_CHARS].split())
        if not text:
            return mark_safe("")
        found = self._matches(text)
        first, last, best = 0, _forward(text, 0, size), -1
        for match_start, _end, _index in found[:20]:
            start = _back(text, match_start, LEAD_WORDS)
            stop = _forward(text, start, size)
            covered = len({index for at, _end, index in found if start <= at < stop})
            if covered > best:
                first, last, best = start, stop, covered
            if best == len(self.terms):
                break
        marked = self.mark(text[first:last])  # “…” folds to “...”: it stays out of the matching
        return mark_safe(("… " if first else "") + marked + (" …" if last < len(text) else ""))

    def best_text(self, texts: list[tuple[str, str]]) -> tuple[str, str]:
        """Of these (text, language) pairs, the first whose text contains a match, else the first
        that is not empty; ("", "") when all are."""
        texts = [(text, language) for text, language in texts if text and text.strip()]
        matching = (pair for pair in texts if self.matched_terms(pair[0][:SCAN_CHARS]))
        return next(matching, texts[0] if texts else ("", ""))
