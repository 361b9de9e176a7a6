"""Plain text, one way everywhere: words, one-line values, cuts at a word, summaries, word changes.

The search index, the mention matcher and the importer all read text through these, so a word,
a summary or a cleaned line is the same thing wherever it is made. (HTML becomes text in one
place too: `common.sanitize.html_to_text`, next to the sanitiser whose rules it follows.)
"""

import difflib
import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
MAX_WORD = 60  # longer "words" are noise (hashes, encoded data); PostgreSQL refuses lexemes over 2 KB
SUMMARY_LENGTH = 300
COMBINING_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")  # words, spaces and single marks: what a word diff compares
TRAILING_PUNCTUATION = " \t,;:.-–—/|·…"


def fold(text: str) -> str:
    """Compatibility forms unified (ｆｕｌｌ → full), case folded, accents dropped (é → e); Hangul kept."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text)))


def words(text: str, *, folded: bool = True) -> list[str]:
    """The words of a text, runs of letters and digits: folded (see `fold`), or as written."""
    found = WORD.findall(fold(text) if folded else text or "")
    if found and len(max(found, key=len)) > MAX_WORD:
        return [word for word in found if len(word) <= MAX_WORD]
    return found


def word_changes(old: str, new: str, *, context: int = 6) -> list[tuple[str, str]]:
    """What changed from one text to another, word by word: ("removed" | "added" | "same", text)
    pairs whose texts, joined, read as the new text with the removed words beside it. Unchanged runs
    keep at most `context` words and spaces either side of a change, "…" standing for the rest."""
    old_tokens, new_tokens = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    opcodes = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes()
    parts = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag != "equal":
            if i2 > i1:
                parts.append(("removed", "".join(old_tokens[i1:i2])))
            if j2 > j1:
                parts.append(("added", "".join(new_tokens[j1:j2])))
            continue
        same = old_tokens[i1:i2]
        after = same[:context] if index > 0 else []  # follows a change
        before = same[-context:] if index < len(opcodes) - 1 else []  # leads to one
        if len(same) > len(after) + len(before):
            same = [*after, "…", *before]
        parts.append(("same", "".join(same)))
    return parts


def clean_inline(value: str) -> str:
    """One line of text: invisible characters removed, whitespace runs made single spaces."""
    value = _INVISIBLE.sub("", unicodedata.normalize("NFC", value))
    return " ".join(value.split())


def cut_at_word(text: str, limit: int, *, ellipsis: str = "…") -> str:
    """``text`` if it fits, else its longest word-boundary prefix that fits with ``ellipsis`` appended."""
    text = clean_inline(text)
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    cut = text[: room + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:room]
    cut = cut[:room].rstrip(TRAILING_PUNCTUATION)
    return cut + ellipsis if cut else text[:room] + ellipsis


def summarise(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first paragraph of a text, cut at a word boundary when it is long."""
    first = next((block for block in (text or "").split("\n") if block.strip()), "")
    return cut_at_word(first, limit)


def one_line_ending(text: str) -> str:
    """Every line break as "\n": browsers send a textarea's lines ending in "\r\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def normalise_line_endings(sender, instance, raw=False, **kwargs):
    """Before a content row is saved: one kind of line break in every text, so the blank line that
    separates paragraphs in a biography or a synopsis is the same whether typed, pasted or imported.
    (A restore, a raw save, keeps what it is given.)"""
    if raw:
        return
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and "\r" in value:
            setattr(instance, field.attname, one_line_ending(value))
