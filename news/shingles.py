"""Five-word phrases ("shingles") and sketches of a text: what near-duplicate detection compares
(news/duplicates.py). Plain functions with no Django, so the importer's parsing workers can work a
sketch out while they read a file.

Syndicated and lightly edited copies of one story share most of their five-word phrases, however
they differ in headline, furniture or a sentence here and there. A sketch is the SKETCH_SIZE
smallest 64-bit hashes of a text's phrases (a bottom-k MinHash): texts that share most phrases
share most of those smallest hashes.
"""

import hashlib
import heapq
import re
from functools import lru_cache

SHINGLE_WORDS = 5
SKETCH_SIZE = 12
MIN_SHINGLES = 20  # shorter texts (a caption, a one-line note) are too short to judge
_WORD = re.compile(r"\w+")
_MASK = (1 << 64) - 1
_MULTIPLIER = 0x100000001B3  # odd, so multiplying by it mixes without losing anything (mod 2**64)


@lru_cache(maxsize=65536)
def _word_hash(word: str) -> int:
    """A stable 64-bit hash (Python's own changes from one process to the next)."""
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")


def shingles(text: str) -> set[int]:
    """The text's five-word phrases, as 64-bit hashes: each word is hashed once and each phrase's hash
    made from its words', so no phrase's string is ever built or hashed."""
    words = [_word_hash(word) for word in _WORD.findall(text.casefold())]
    m = _MULTIPLIER
    return {
        ((((a * m ^ b) * m ^ c) * m ^ d) * m ^ e) & _MASK
        for a, b, c, d, e in zip(words, words[1:], words[2:], words[3:], words[4:], strict=False)
    }


def sketch(text: str) -> list[int]:
    """The smallest SKETCH_SIZE phrase hashes, as signed 64-bit integers (what the database stores)."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return []
    return [value - (1 << 64) if value >> 63 else value for value in heapq.nsmallest(SKETCH_SIZE, found)]


def similarity(first: str, second: str) -> float:
    """The share of five-word phrases two texts have in common (1.0: the same words throughout)."""
    a, b = shingles(first), shingles(second)
    return len(a & b) / len(a | b) if a and b else 0.0
