"""Titles: telling a title from its heading, and guessing one from the body when a file has none."""

import re

from common.text import TRAILING_PUNCTUATION, clean_inline, words

TITLE_GUESS_LIMIT = 90
_CLOSERS = "\"'”’»)]"
# Words a cut title should not end on: "… premieres on" reads as broken.
_DANGLING = frozenset(
    "a an and are as at be by for from has have in into is its of on or over than that the their this to "
    "was were which who whose will with".split()
)
_ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr vs no vol prof gen sen rep inc ltd co corp etc".split())
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9\u3131-\ud7a3])")
_CLAUSE_BREAK = re.compile(r"(?:[,;:]\s|\s[–—-]\s|\s\()")
# Before these words a phrase ends: "… released a teaser trailer | for its first …" cuts cleanly there.
_PHRASE_BREAK = re.compile(
    r"\s(?=(?:about|after|and|as|at|because|before|but|by|during|for|from|in|into|of|on|since|that|to|"
    r"when|where|which|while|who|with|without)\s)"
)


def same_text(first: str, second: str) -> bool:
    """Equal once case, punctuation and spacing are ignored (a title and its heading, say)."""
    return words(first) == words(second)


def _first_sentence(text: str) -> str:
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].rsplit(" ", 1)[-1].lstrip(_CLOSERS + "“‘(").lower()
        if match.group(0).startswith(".") and (before in _ABBREVIATIONS or len(before) == 1):
            continue  # "Mr. Sunshine", "U.S. theaters": not the end of a sentence
        return text[: match.end()]
    return text


def _balance_quotes(title: str) -> str:
    """Drop an opening quote whose closing one fell outside the cut."""
    for opening, closing in (("“", "”"), ("‘", "’"), ("«", "»")):
        if title.count(opening) > title.count(closing):
            index = title.rfind(opening)
            title = (title[:index] + title[index + 1 :]).strip()
    if title.count('"') % 2:
        index = title.rfind('"')
        title = (title[:index] + title[index + 1 :]).strip()
    return title


def _tidy_end(title: str) -> str:
    parts = title.rstrip(TRAILING_PUNCTUATION).split(" ")
    while len(parts) > 3 and parts[-1].lower().strip(_CLOSERS) in _DANGLING:
        parts.pop()
    return " ".join(parts).rstrip(TRAILING_PUNCTUATION)


def guess_title(text: str, *, limit: int = TITLE_GUESS_LIMIT) -> str:
    """A headline made from the opening of an article.

    The first sentence when it is short enough (without its full stop); else that sentence cut at the last
    clause break (comma, dash, colon) that leaves a readable headline, or else before the last preposition
    or conjunction that does; else at a word boundary. Never ends mid-word, on a dangling "of"/"the", or on
    punctuation.
    """
    sentence = clean_inline(_first_sentence(clean_inline(text[:2000])))
    if not sentence:
        return ""
    if len(sentence) <= limit:
        return _balance_quotes(sentence.rstrip(" .…")) or sentence
    window = sentence[: limit + 1]
    clauses = [match.start() for match in _CLAUSE_BREAK.finditer(window) if match.start() >= limit // 3]
    phrases = [match.start() for match in _PHRASE_BREAK.finditer(window) if match.start() >= limit // 2]
    if clauses:
        title = window[: clauses[-1]]
    elif phrases:
        title = window[: phrases[-1]]
    else:
        title = window.rsplit(" ", 1)[0] if " " in window else window[:limit]
    return _balance_quotes(_tidy_end(title)) or sentence[:limit]
