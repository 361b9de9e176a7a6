"""The normalisation both databases index: words, folding, CJK inner pieces, name spellings, trigrams."""

import pytest

from common.text import fold, words
from search.index_text import index_text, inner_pieces, name_key, name_variants, similarity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim Tae-ri", ["kim", "tae", "ri"]),
        ("KIM TAE-RI!!", ["kim", "tae", "ri"]),
        ("Beyoncé", ["beyonce"]),
        ("ｆｕｌｌ ｗｉｄｔｈ", ["full", "width"]),
        ("김태리는 홍경이", ["김태리는", "홍경이"]),
        ("snake_case", ["snake", "case"]),
        ("", []),
        ("%%% ***", []),
    ],
)
def test_words_are_folded_runs_of_letters_and_digits(text, expected):
    assert words(text) == expected


def test_fold_keeps_hangul_syllables_whole():
    assert fold("김태리") == "김태리"
    assert len(fold("김태리")) == 3


def test_absurdly_long_words_are_not_indexed():
    assert words("a" * 61 + " kept") == ["kept"]


def test_cjk_words_are_also_indexed_from_each_inner_character():
    assert inner_pieces("김태리는") == ["태리는", "리는", "는"]
    assert inner_pieces("bts의") == ["의"]
    assert inner_pieces("kim") == []
    assert index_text(["김태리는 노래"]) == "김태리는 노래 태리는 리는 는 래"


def test_inner_pieces_are_cut_to_ten_characters():
    word = "가" * 15
    assert {len(piece) for piece in inner_pieces(word)} <= {10, *range(1, 11)}
    assert max(len(piece) for piece in inner_pieces(word)) == 10


def test_name_spellings_include_the_joined_form():
    assert name_variants("Kim Tae-ri") == ["kim tae ri", "kim taeri"]
    assert name_variants("Hong Kyung") == ["hong kyung"]
    assert name_variants("!!!") == []
    assert name_key("KIM  Tae-Ri") == "kim tae ri"


def test_similarity_is_pg_trgm_similarity():
    # Values PostgreSQL's pg_trgm gives for the same pairs (see test_backends for the live comparison).
    assert similarity("kim tae ri", "kim tea ri") == pytest.approx(0.5714286, abs=1e-6)
    assert similarity("kim tae ri", "kim tae ri") == 1
    assert similarity("abc", "xyz") == 0
    assert similarity("", "kim") == 0


def test_hyphenated_words_are_indexed_joined_too():
    """Han Ji-won is typed with a hyphen, a space or neither: each finds it."""
    assert index_text(["Han Ji-won met Kim Tae-ri"]) == "han ji won met kim tae ri jiwon taeri"
    assert index_text(["Han Ji-won", "Ji-won"], unique=True) == "han ji won jiwon"
