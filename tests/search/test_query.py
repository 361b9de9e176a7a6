"""Reading what a visitor typed: terms, and the friendly refusals."""

import pytest

from search.query import MAX_QUERY_LENGTH, MAX_TERMS, Term, parse_query


def test_the_last_word_may_be_unfinished_the_others_are_whole():
    query = parse_query("  Kim  Tae-ri Voy ")
    assert query.ok
    assert query.terms == (Term("kim", False), Term("tae", False), Term("ri", False), Term("voy", True))
    assert query.key == "kim tae ri voy"
    assert query.raw == "Kim  Tae-ri Voy"


def test_short_words_are_whole_words_even_last():
    assert parse_query("Kim Tae-ri").terms[-1] == Term("ri", prefix=False)
    assert parse_query("V").terms == (Term("v", prefix=False),)


def test_repeated_words_count_once():
    assert parse_query("kim KIM kim").terms == (Term("kim"),)


def test_cjk_terms_match_inside_words_and_are_cut_to_the_indexed_length():
    query = parse_query("김태리 가나다라마바사아자차카")
    assert [term.infix for term in query.terms] == [True, True]
    assert query.terms[1].word == "가나다라마바사아자차"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (None, "empty"),
        ("", "empty"),
        ("   \t ", "empty"),
        ("\x00", "empty"),
        ("%%%", "no_words"),
        ("*** ??? ---", "no_words"),
        ("🙂🙂", "no_words"),
        ("x" * (MAX_QUERY_LENGTH + 1), "too_long"),
        (" ".join(f"w{n}" for n in range(MAX_TERMS + 1)), "too_many_words"),
    ],
)
def test_unusable_queries_say_why(raw, problem):
    query = parse_query(raw)
    assert not query.ok
    assert query.problem == problem
    assert query.message


def test_full_text_syntax_is_just_words():
    """Quotes, operators and column filters reach neither FTS5 nor to_tsquery as syntax."""
    query = parse_query('"kim" OR tae* NEAR(x) -ri names:v \' ; -- & | ! <-> :*')
    assert [term.word for term in query.terms] == ["kim", "or", "tae", "near", "x", "ri", "names", "v"]


def test_nul_characters_are_dropped():
    assert parse_query("kim\x00tae").key == "kimtae"


def test_the_longest_query_is_still_searched():
    assert parse_query("a" * MAX_QUERY_LENGTH).ok is False  # one 200-letter word is no word at all
    assert parse_query(("kim " * 50)[:MAX_QUERY_LENGTH]).ok
