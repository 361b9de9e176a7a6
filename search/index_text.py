"""Text as the search index sees it: the shared words (`common.text`), for documents and queries.

Both databases are handed text that has already been through these functions: lower-case words
separated by single spaces. SQLite's FTS5 tokenizer and PostgreSQL's parser then agree on what a
word is, and the two backends find the same things.

Korean (and Chinese and Japanese) attach particles to the word before them and do not always
put spaces between words, so a word tokenizer alone would not find 김태리 in 김태리는. Each such
word is also indexed from every CJK character inside it onward (김태리는 → 태리는, 리는, 는): a
prefix query then matches anywhere inside the word, for one-, two- or three-syllable queries alike
(a trigram index cannot look up the two-syllable words most Korean nouns are).
"""

import re
from collections.abc import Iterable

from common.text import MAX_WORD, fold, words

CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
CJK = re.compile(f"[{CJK_CHARS}]")
CJK_WORD = re.compile(f"[^\\W_]*[{CJK_CHARS}][^\\W_]*")
HYPHENS = "-\u2010\u2011"
HYPHENATED = re.compile(f"[^\\W_]+(?:[{HYPHENS}][^\\W_]+)+")

CJK_GRAM = 10  # the in-word pieces indexed from a CJK word are at most this long; queries are cut to match
MAX_INDEXED_WORDS = 20_000  # PostgreSQL caps a tsvector at 1 MB; both backends index the same first words


def has_cjk(word: str) -> bool:
    return CJK.search(word) is not None


def inner_pieces(word: str) -> list[str]:
    """The word read from each CJK character after its first: 김태리는 → 태리는, 리는, 는."""
    return [word[start : start + CJK_GRAM] for start in range(1, len(word)) if CJK.match(word[start])]


def hyphenated(text: str) -> list[str]:
    """Each hyphenated word of the text, joined into one: Ji-won → jiwon."""
    if not any(hyphen in text for hyphen in HYPHENS):
        return []
    joined = ("".join(words(match)) for match in HYPHENATED.findall(fold(text)))
    return [word for word in joined if len(word) <= MAX_WORD]


def index_text(parts: Iterable[str], *, unique: bool = False) -> str:
    """The string a full-text column holds: the words, then the hyphenated words joined, then the inner
    pieces of the CJK words."""
    found: list[str] = []
    extra: list[str] = []
    for part in parts:
        if part:
            found += words(part)
            extra += hyphenated(part)
        if len(found) >= MAX_INDEXED_WORDS:
            break
    found = found[:MAX_INDEXED_WORDS]
    if unique:
        found = list(dict.fromkeys(found))
    joined = " ".join(found)
    pieces = [piece for word in CJK_WORD.findall(joined) for piece in inner_pieces(word)] if has_cjk(joined) else []
    pieces = extra + pieces
    if unique:
        pieces = list(dict.fromkeys(pieces))
    return " ".join([joined, *pieces]) if pieces else joined


def name_key(name: str) -> str:
    """A name as compared for equality and similarity: its words joined by single spaces."""
    return " ".join(words(name))


def name_variants(name: str) -> list[str]:
    """A name and the spellings that only differ in joining: “Kim Tae-ri” also as “Kim Taeri”."""
    key = name_key(name)
    if not key:
        return []
    variants = [key]
    joined = []
    for chunk in fold(name).split():
        pieces = words(chunk, folded=False)  # chunk is folded already
        joined.append("".join(pieces) if pieces else "")
    joined_key = " ".join(piece for piece in joined if piece)
    if joined_key and joined_key != key:
        variants.append(joined_key)
    return variants


# pg_trgm's similarity, reproduced so SQLite finds the same misspelt names PostgreSQL does:
# every word padded with two spaces in front and one behind, cut into its 3-character windows;
# similarity is shared trigrams over all trigrams of the two strings.
def trigrams(key: str) -> set[str]:
    grams: set[str] = set()
    for word in key.split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(first: set[str] | str, second: set[str] | str) -> float:
    a = first if isinstance(first, set) else trigrams(first)
    b = second if isinstance(second, set) else trigrams(second)
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)
