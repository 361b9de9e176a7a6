"""What the page marks: whole words and names, never a stop word or a particle on its own."""

import pytest

from search.highlight import Highlighter
from search.query import parse_query


def mark(query: str, text: str) -> str:
    return str(Highlighter(parse_query(query).terms).mark(text))


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        # A stop word inside a marked phrase is part of it; elsewhere it is left alone.
        ("Lost in Starlight", "Lost in Starlight", "<mark>Lost in Starlight</mark>"),
        (
            "Lost in Starlight",
            "Lost in Starlight plays in cinemas in May.",
            "<mark>Lost in Starlight</mark> plays in cinemas in May.",
        ),
        ("the review", "The animators read the review.", "The animators read <mark>the review</mark>."),
        # Adjacent words, across spaces and hyphens, are one mark: the whole name.
        ("kim tai ri", "Also Kim Tai-ri.", "Also <mark>Kim Tai-ri</mark>."),
        ("kim ri", "Kim Tae-ri", "<mark>Kim</mark> Tae-<mark>ri</mark>"),  # Tae is not asked for
        # A prefix marks the whole word it starts.
        ("starl", "Lost in Starlight", "Lost in <mark>Starlight</mark>"),
        ("anim", "The animators", "The <mark>animators</mark>"),
        # A stop word typed last is a prefix: a longer word it found is no stop word, and is marked.
        ("kim and", "Kim met Anderson, and Lee.", "<mark>Kim</mark> met <mark>Anderson</mark>, and Lee."),
        # A query of stop words alone is what the visitor asked for.
        ("the", "The end", "<mark>The</mark> end"),
        # Korean: particles only inside a marked run; CJK terms mark themselves inside words.
        ("이 별에 필요한", "이 별에 필요한", "<mark>이 별에 필요한</mark>"),
        ("이 별에 필요한", "이번 별에 필요한", "이번 <mark>별에 필요한</mark>"),
        ("김태리 는", "김태리는 이번 작품에서 는", "<mark>김태리는</mark> 이번 작품에서 는"),
        ("김태리", "김태리는 노래", "<mark>김태리</mark>는 노래"),
    ],
)
def test_marks(query, text, expected):
    assert mark(query, text) == expected


def test_marks_are_escaped():
    assert mark("kim", "<b>Kim</b> & co") == "&lt;b&gt;<mark>Kim</mark>&lt;/b&gt; &amp; co"


def test_a_snippet_never_marks_a_lone_stop_word():
    highlighter = Highlighter(parse_query("Lost in Starlight").terms)
    snippet = str(highlighter.snippet("Seen in Seoul in spring: Lost in Starlight, in cinemas."))
    assert snippet == "Seen in Seoul in spring: <mark>Lost in Starlight</mark>, in cinemas."


def test_a_joined_spelling_marks_the_hyphenated_word():
    """The index holds Ji-won also as jiwon: the page marks what it found, as written."""
    assert mark("han jiwon", "Director Han Ji-won spoke.") == "Director <mark>Han Ji-won</mark> spoke."
    assert mark("ji-won", "Han Ji-won") == "Han <mark>Ji-won</mark>"
