"""The importer's parsing layer: every supported shape of input, every failure, and a property test."""

import dataclasses
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news.importer.parsing import SUPPORTED_SUFFIXES, ImportFailure, ParsedArticle, parse_file

FIXTURES = Path(__file__).parent / "fixtures"
LIMIT = 5 * 1024 * 1024


def parse(name: str, data: bytes | None = None, *, max_bytes: int = LIMIT) -> list[ParsedArticle]:
    if data is None:
        data = (FIXTURES / name).read_bytes()
    return parse_file(name=name, data=data, max_bytes=max_bytes)


def parse_one(name: str, data: bytes | None = None) -> ParsedArticle:
    [article] = parse(name, data)
    return article


def failure(name: str, data: bytes | None = None, *, max_bytes: int = LIMIT) -> str:
    with pytest.raises(ImportFailure) as caught:
        parse(name, data, max_bytes=max_bytes)
    return str(caught.value)


# --- plain text -------------------------------------------------------------------------------------------


def test_text_without_title_or_date_keeps_its_related_topics_as_headlines_not_topics():
    article = parse_one("text_related_topics.txt")
    assert article.title == "The animated feature Lost in Starlight will open the autumn retrospective"
    assert article.title_guessed
    assert article.published_at is None
    assert article.needs_review_reasons == ("title guessed", "date missing")
    assert article.topics == ()
    assert article.related_headlines == (
        "Winter Festival Announces Its Animation Jury",
        "“Paper Moon” Restoration Returns to Theatres",
        "Five Soundtracks to Hear Before the Awards",
    )
    assert article.body_html.count("<p>") == 4
    assert "Related Topics" not in article.body_html and "Paper Moon" not in article.body_html
    assert article.language == "en"


def test_text_with_date_prefix_keeps_headings_and_trailing_link():
    article = parse_one("text_date_prefix.txt")
    assert article.published_at == datetime(2025, 5, 23, tzinfo=UTC)
    assert article.published_at.tzinfo is not None
    assert article.title_guessed and article.needs_review_reasons == ("title guessed",)
    assert article.title == "Lost in Starlight reached its first weekend with a quiet confidence"
    assert "date" not in article.body_html.split("</p>")[0]
    assert article.body_html.startswith("<p>Lost in Starlight reached its first weekend")
    assert "<h2>How the story unfolds</h2>" in article.body_html
    assert "<h2>Where can you watch it?</h2>" in article.body_html
    assert "<h2>The official trailer</h2>" in article.body_html
    assert article.body_html.endswith(
        '<p><a href="https://www.youtube.com/watch?v=abc123XYZ" rel="nofollow noopener">'
        "https://www.youtube.com/watch?v=abc123XYZ</a></p>"
    )


def test_text_play_video_leftover_is_dropped():
    article = parse_one("text_play_video.txt")
    assert article.published_at == datetime(2025, 4, 30, tzinfo=UTC)
    assert "Play video" not in article.body_html
    assert article.body_html.startswith("<p>A new teaser")
    assert article.title == "A new teaser for Lost in Starlight went online this morning"


def test_play_video_run_into_the_text_is_dropped():
    article = parse_one("run_in.txt", b" date 2025-04-30 Play video The teaser arrived today. It is short.\n")
    assert article.body_html == "<p>The teaser arrived today. It is short.</p>"
    assert article.title == "The teaser arrived today"


def test_text_with_title_subtitle_and_zoned_date():
    article = parse_one("text_titled_crlf_bom.txt")
    assert article.title == "Starlight Over Seoul: A Gentle Space Romance Finds Its Audience"
    assert not article.title_guessed
    assert article.subtitle == "Why a small animated film became a word-of-mouth hit"
    assert article.published_at == datetime(2025, 6, 3, 4, 15, tzinfo=UTC)  # 9:15 PM PDT on June 2
    assert article.needs_review_reasons == ()
    body = article.body_html
    assert "Starlight Over Seoul" not in body and "word-of-mouth hit" not in body and "PDT" not in body
    assert "Poster art" not in body and "Still from the film" not in body
    for boilerplate in ("Leave a Reply", "Cancel reply", "email address", "Required fields", "Post Comment", "Name *"):
        assert boilerplate not in body
    assert "<h2>A Story About Distance</h2>" in body
    # The closing "Where to Stream It" box is site furniture, not the review (news/importer/furniture.py).
    assert "Where to Stream It" not in body and "Netflix, worldwide" not in body
    assert body.endswith("a grumpy shop owner who steals every scene he is in.</p>")
    assert "\r" not in body and "\ufeff" not in body


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("2025-05-29", datetime(2025, 5, 29, tzinfo=UTC)),
        ("May 29, 2025", datetime(2025, 5, 29, tzinfo=UTC)),
        ("29 May 2025", datetime(2025, 5, 29, tzinfo=UTC)),
        ("Published: May 29, 2025", datetime(2025, 5, 29, tzinfo=UTC)),
        ("May 30, 2025 3:03 AM EDT", datetime(2025, 5, 30, 7, 3, tzinfo=UTC)),
        ("May 30, 2025 3:03 AM EST", datetime(2025, 5, 30, 8, 3, tzinfo=UTC)),
        ("January 4, 2025 11:00 PM PST", datetime(2025, 1, 5, 7, 0, tzinfo=UTC)),
        ("May 30, 2025 4:03 PM KST", datetime(2025, 5, 30, 7, 3, tzinfo=UTC)),
        ("May 30, 2025 07:03 GMT", datetime(2025, 5, 30, 7, 3, tzinfo=UTC)),
        ("2025-05-30T16:03:00+09:00", datetime(2025, 5, 30, 7, 3, tzinfo=UTC)),
        ("30 May 2025 09:03 +0200", datetime(2025, 5, 30, 7, 3, tzinfo=UTC)),
        ("Updated: June 2, 2025, 10:15 p.m. ET", datetime(2025, 6, 3, 2, 15, tzinfo=UTC)),
    ],
)
def test_text_date_lines(date_line, expected):
    text = f"A Headline for the Test\n\n{date_line}\n\nThe first paragraph of the article, long enough to read.\n"
    article = parse_one("dated.txt", text.encode())
    assert article.published_at == expected
    assert article.title == "A Headline for the Test"
    assert date_line not in article.body_html


def test_text_byline_is_read_as_author():
    text = "Notes From the Premiere\nBy Jung Min-ji | May 29, 2025\n\nThe red carpet was shorter than expected.\n"
    article = parse_one("byline.txt", text.encode())
    assert article.author == "Jung Min-ji"
    assert article.published_at == datetime(2025, 5, 29, tzinfo=UTC)
    assert article.body_html == "<p>The red carpet was shorter than expected.</p>"


def test_guessed_title_is_cut_at_a_word_boundary():
    sentence = (
        "Audiences in seven cities queued through the night for tickets to the late screening of the film "
        "that everyone has been talking about since spring, and the organisers were not ready."
    )
    article = parse_one("long.txt", f"{sentence}\n{sentence}\n".encode())
    assert article.title_guessed
    assert 20 <= len(article.title) <= 90
    assert sentence.startswith(article.title)
    assert sentence[len(article.title)] in " ,"  # the cut is between words
    assert article.title[-1].isalnum()


def test_guessed_title_is_the_first_sentence_when_short():
    article = parse_one("short.txt", b"The premiere moved to Busan. Everything else stays the same this year.\n")
    assert article.title == "The premiere moved to Busan"


def test_hard_wrapped_text_is_joined_into_paragraphs():
    text = (
        "The restoration team scanned every cel at a resolution high enough to\n"
        "show the brush strokes, which took most of a year and two new scanners\n"
        "before anyone was happy with the colours on a modern display panel.\n"
        "\n"
        "The second pass fixed the dust and scratches that the first pass had\n"
        "made visible, frame by frame, with the original painters watching on.\n"
    )
    article = parse_one("wrapped.txt", text.encode())
    assert article.body_html.count("<p>") == 2
    assert "resolution high enough to show the brush strokes" in article.body_html


def test_lists_in_text_become_lists():
    text = "Festival Schedule\n\nThe week opens with a double bill.\n\n- Monday: shorts\n- Tuesday: features\n"
    article = parse_one("list.txt", text.encode())
    assert "<ul>\n<li>Monday: shorts</li>\n<li>Tuesday: features</li>\n</ul>" in article.body_html


def test_text_is_escaped_not_interpreted():
    article = parse_one("markup.txt", b"Plain text with <script>alert(1)</script> and a < b & c.\n")
    assert "<script" not in article.body_html
    assert "&lt;script&gt;" in article.body_html and "a &lt; b &amp; c" in article.body_html


def test_long_summary_is_cut_with_ellipsis():
    paragraph = " ".join(["Starlight"] * 80) + "."
    article = parse_one("summary.txt", paragraph.encode())
    assert len(article.summary) <= 300
    assert article.summary.endswith("…") and article.summary[:-1].endswith("Starlight")


def test_korean_text_is_detected():
    text = "별빛 속의 두 사람\n\n이 영화는 화성을 꿈꾸는 우주인과 음악가의 이야기를 그립니다.\n"
    text += "관객의 반응이 뜨겁습니다.\n"
    article = parse_one("korean.txt", text.encode())
    assert article.language == "ko"
    assert article.title == "별빛 속의 두 사람"


def test_crlf_and_bom_give_the_same_result_as_lf():
    text = "A Plain Headline\n\nFirst paragraph of the piece.\n\nSecond paragraph of the piece.\n"
    plain = parse_one("a.txt", text.encode())
    windows = parse_one("b.txt", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert plain == windows


def test_utf16_with_bom_is_accepted():
    article = parse_one("utf16.txt", "A Headline\n\nSome body text here.\n".encode("utf-16"))
    assert article.title == "A Headline" and article.body_html == "<p>Some body text here.</p>"


def test_suffix_is_case_insensitive():
    assert parse_one("NOTES.TXT", b"Some body text here.").body_html == "<p>Some body text here.</p>"


# --- Markdown ---------------------------------------------------------------------------------------------


def test_markdown_front_matter():
    article = parse_one("article_front_matter.md")
    assert article.title == "Behind the Music of Lost in Starlight" and not article.title_guessed
    assert article.subtitle == "How an old tape deck shaped the score"
    assert article.published_at == datetime(2025, 6, 3, 1, 30, tzinfo=UTC)
    assert article.source_name == "Animation Notes"
    assert article.original_url == "https://example.com/notes/starlight-music"
    assert article.author == "Min Seo-yeon"
    assert article.topics == ("Music", "Interviews")
    assert article.summary == "The composer explains why the soundtrack sounds like it was recorded in 1987."
    body = article.body_html
    assert "Behind the Music" not in body  # the h1 repeating the title is dropped
    assert "<h2>Finding the sound</h2>" in body and "<em>worn</em>" in body
    assert "<li>a thrift-shop synthesiser</li>" in body
    assert '<a href="https://example.com/interview" rel="nofollow noopener">full interview</a>' in body
    assert "javascript" not in body and "<script" not in body and "studio notes" in body


def test_markdown_without_front_matter_uses_heading_and_date_line():
    article = parse_one("article_plain.md")
    assert article.title == "Ten Details You Missed in the Rooftop Scene" and not article.title_guessed
    assert article.published_at == datetime(2025, 5, 29, tzinfo=UTC)
    assert article.body_html.startswith("<p>The rooftop scene lasts four minutes")


def test_markdown_without_heading_guesses_title():
    article = parse_one("article_no_heading.md")
    assert article.title_guessed and article.title == "A short note from the festival"


def test_markdown_topics_as_comma_text():
    data = b"---\ntitle: T\ntopics: Music, Cast ,  Music\n---\nBody.\n"
    assert parse_one("t.md", data).topics == ("Music", "Cast")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bad_front_matter.md", None, "malformed front matter: "),
        ("list_front_matter.md", None, "malformed front matter: expected 'key: value' lines"),
        ("open.md", b"---\ntitle: Never closed\n\nBody.\n", "malformed front matter: no closing '---' line"),
        ("typed.md", b"---\ntitle: {a: 1}\n---\nBody.\n", "malformed front matter: 'title' must be text"),
        ("unsafe.md", b"---\ntitle: !!python/object:os.system x\n---\nBody.\n", "malformed front matter: "),
        ("bodiless.md", b"---\ntitle: Only a title\n---\n\n", "no body text"),
    ],
)
def test_markdown_failures(name, data, reason):
    assert failure(name, data).startswith(reason)


# --- HTML -------------------------------------------------------------------------------------------------


def test_html_page_metadata():
    article = parse_one("page_article.html")
    assert article.title == "Lanterns and Launch Pads: Designing a Future Seoul"
    assert article.subtitle == "The art team on building a city that feels lived in"
    assert article.published_at == datetime(2025, 6, 4, 9, 0, tzinfo=UTC)
    assert article.source_name == "Frame Weekly"
    assert article.original_url == "https://frame.example.org/2025/06/lanterns-and-launch-pads"
    assert article.author == "Oh Ji-hoon"
    assert article.language == "en"
    assert article.topics == ("Production Design",)
    assert article.summary.startswith("The production designers began")


def test_html_page_body_is_the_article_without_furniture():
    body = parse_one("page_article.html").body_html
    assert body.startswith("<p>The production designers began with a simple rule: <strong>nothing</strong>")
    assert "<h2>Old signs, new skyline</h2>" in body
    assert "Designing a Future Seoul" not in body  # the title h1 is not repeated
    assert "June 5" not in body
    assert '<a href="https://frame.example.org/glossary/holo" rel="nofollow noopener">holographic</a>' in body
    assert "<p>Sketches were shared with the" in body  # text in a bare <div> keeps its paragraph
    assert "<p>Colour scripts were painted in watercolour first.</p>" in body
    for furniture in ("Home", "Reviews", "Share", "premium", "Another article", "Great article", "newsletter"):
        assert furniture not in body
    for hostile in ("<script", "onclick", "onerror", "<img", "style=", "<iframe", "tracking", "color: red"):
        assert hostile not in body


def test_html_title_tag_loses_site_name():
    page = (
        b'<html><head><title>Quiet Launch | Reel Post</title><meta property="og:site_name" content="Reel Post">'
        b"</head><body><p>Paragraph of the article body.</p></body></html>"
    )
    article = parse_one("page.htm", page)
    assert article.title == "Quiet Launch" and article.source_name == "Reel Post"


def test_html_json_ld_metadata():
    page = (
        b'<html><head><script type="application/ld+json">{"@context": "https://schema.org", '
        b'"@type": "NewsArticle", "headline": "From JSON-LD", "datePublished": "2025-05-30T12:00:00+09:00", '
        b'"author": [{"@type": "Person", "name": "Seo Ji-an"}], "publisher": {"name": "LD Times"}}</script>'
        b"</head><body><article><p>Body of the page.</p></article></body></html>"
    )
    article = parse_one("ld.html", page)
    assert article.title == "From JSON-LD"
    assert article.published_at == datetime(2025, 5, 30, 3, 0, tzinfo=UTC)
    assert article.author == "Seo Ji-an" and article.source_name == "LD Times"


def test_html_without_text_fails():
    assert failure("page_title_only.html") == "no body text"


def test_malformed_html_without_content_fails():
    assert failure("broken.html", b"<html><body><div class=</") == "no body text"


def test_absurdly_deep_html_fails_fast():
    started = time.perf_counter()
    page = ("<div>" * 20_000 + "text" + "</div>" * 20_000).encode()
    assert failure("deep.html", page) == "nested too deeply to read (more than 1000 levels)"
    assert time.perf_counter() - started < 2


def test_xml_suffix_holding_html_is_read_as_html():
    article = parse_one("saved.xml", b"<!DOCTYPE html><html><body><h1>Saved Page</h1><p>Body text.</p></body></html>")
    assert article.title == "Saved Page" and article.body_html == "<p>Body text.</p>"


# --- JSON -------------------------------------------------------------------------------------------------


def test_json_list():
    first, second, third = parse("articles.json")
    assert first.title == "Festival Adds a Second Screening"
    assert first.published_at == datetime(2025, 6, 10, 19, 0, tzinfo=UTC)
    assert first.source_name == "City Culture Desk"
    assert first.original_url == "https://culture.example.net/second-screening"
    assert first.author == "Han Bo-ra, Lee Dong-wook"
    assert first.topics == ("Festivals", "Screenings")
    assert first.body_html == "<p>Demand for the animation night was so high that a second screening was added.</p>" + (
        "<p>Doors open at seven.</p>"
    )
    assert second.title == "관객이 사랑한 별빛 장면" and second.language == "ko"
    assert second.published_at == datetime(2025, 6, 12, tzinfo=UTC)
    assert second.body_html.count("<p>") == 2 and second.topics == ("리뷰",)
    assert third.title_guessed and third.title == "Only text and no title here"
    assert third.published_at is None
    assert third.needs_review_reasons == ("title guessed", "date not understood")


def test_json_single_object():
    article = parse_one("article_single.json")
    assert article.title == "A Single Object Works Too"
    assert article.summary == "Given summary."
    assert article.body_html == "<p>One paragraph.</p>\n<p>Another paragraph.</p>"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("json_missing_body.json", None, "JSON article 3: no body text"),
        ("json_malformed.json", None, "malformed JSON: Expecting ',' delimiter at line 1 column 47"),
        ("blank.json", b"nothing here", "malformed JSON: Expecting value at line 1 column 1"),
        ("number.json", b"42", "JSON must be an article object or a list of them"),
        ("empty_list.json", b"[]", "no articles in the JSON list"),
        ("mixed.json", b'[{"body": "ok"}, "not an object"]', "JSON article 2: not an object with article fields"),
        ("typed.json", b'{"title": ["a"], "body": "x"}', "'title' must be text"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply to read"),
    ],
)
def test_json_failures(name, data, reason):
    assert failure(name, data) == reason


# --- feeds ------------------------------------------------------------------------------------------------


def test_rss_feed():
    first, second = parse("feed_rss.xml")
    assert first.title == "Concert Version of the Score Announced"
    assert first.source_name == "Starlight Fan Digest"
    assert first.original_url == "https://digest.example.com/concert"
    assert first.published_at == datetime(2025, 6, 9, 5, 30, tzinfo=UTC)
    assert first.author == "Yoon Ha-neul"
    assert first.topics == ("Music", "Events")
    assert first.summary == "An orchestra will perform the soundtrack live this winter."
    assert "<script" not in first.body_html and "bad()" not in first.body_html
    assert 'href="https://digest.example.com/tickets"' in first.body_html
    assert first.language == "en"
    assert second.original_url == "https://digest.example.com/book"
    assert second.author == "Park Eun-ji"
    assert second.body_html == "<p>A hardback with <em>three hundred</em> pages of sketches is coming.</p>"


def test_atom_feed():
    first, second = parse("feed.atom")
    assert first.title == "Voice Cast & Crew Q&A Recorded"
    assert first.source_name == "Animation Ledger"
    assert first.published_at == datetime(2025, 6, 11, 12, 0, tzinfo=UTC)
    assert first.author == "Grace Kim" and first.topics == ("Interviews",)
    assert first.original_url == "https://ledger.example.com/qa"
    assert first.summary == "The full conversation runs to ninety minutes."
    assert first.body_html.startswith("<p>The cast talked about recording their lines in the <em>same room</em>")
    assert second.published_at == datetime(2025, 6, 12, tzinfo=UTC)
    assert second.body_html == "<p>Subtitles for ten more languages arrive next week.</p>"


def test_billion_laughs_fails_fast():
    started = time.perf_counter()
    assert failure("billion_laughs.xml") == "malformed XML: entities are not allowed"
    assert time.perf_counter() - started < 1


def test_external_entities_are_refused():
    reason = failure("external_entity.xml")
    assert reason.startswith("malformed XML: ") and "not allowed" in reason


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("feed_malformed.xml", None, "malformed XML: mismatched tag: line 2, column 73"),
        ("not_a_feed.xml", None, "not an RSS or Atom feed (the root element is <catalog>)"),
        ("empty.rss", b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', "no items in the feed"),
        ("bare.atom", b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title></entry></feed>', None),
    ],
)
def test_feed_failures(name, data, reason):
    assert failure(name, data) == (reason or "feed item 1: no body text")


# --- the file as a whole ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", None, "empty file"),
        ("zero.txt", b"", "empty file"),
        ("bom_only.txt", b"\xef\xbb\xbf \n", "empty file"),
        ("binary.txt", None, "not a text file"),
        ("nul.txt", b"text\x00with a NUL byte", "not a text file"),
        ("latin1.txt", None, "could not decode as UTF-8"),
        ("report.pdf", b"%PDF-1.4", "unknown file kind (.pdf)"),
        ("README", b"text", "unknown file kind (no file extension)"),
        ("nothing.txt", b"Play video\n\nAdvertisement\n", "no body text"),
    ],
)
def test_file_failures(name, data, reason):
    assert failure(name, data) == reason


def test_too_large():
    assert failure("big.txt", b"x" * 2048, max_bytes=1024) == "too large (2.0 KB; the limit is 1.0 KB)"
    big = b"word " * 1_300_000
    assert failure("big.txt", big, max_bytes=5 * 1024 * 1024) == "too large (6.2 MB; the limit is 5.0 MB)"


def test_parsed_article_is_frozen():
    article = parse_one("text_play_video.txt")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "changed"  # type: ignore[misc]
    assert isinstance(article.topics, tuple) and isinstance(article.needs_review_reasons, tuple)


def test_supported_suffixes():
    assert {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".json", ".xml", ".rss", ".atom", ".docx"} == set(
        SUPPORTED_SUFFIXES
    )


# --- property: nothing but ImportFailure ever escapes -----------------------------------------------------

FRAGMENTS = [
    "---\n",
    "title: x\n",
    "date: 2025-05-01\n",
    " date 2025-05-23 ",
    "# Heading\n",
    "<p>",
    "</p>",
    "<html>",
    "<article>",
    "<h1>",
    "<rss><channel><item><title>",
    "</title></item></channel></rss>",
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml">',
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE x [<!ENTITY a 'b'>]>",
    "&a;",
    '{"title": ',
    '"body": ',
    "[",
    "]",
    "{",
    "}",
    "null",
    "\n\n",
    "Related Topics\n",
    "Leave a Reply\n",
    "May 30, 2025 3:03 AM EDT\n",
    "https://example.com/x\n",
    "- item\n",
    "별빛",
    "\ufeff",
    "\r\n",
]
SUFFIXES = sorted(SUPPORTED_SUFFIXES)


def _check_parse(name: str, data: bytes) -> None:
    try:
        articles = parse_file(name=name, data=data, max_bytes=64 * 1024)
    except ImportFailure as exc:
        assert str(exc) and not str(exc).startswith("internal error"), str(exc)
        return
    for article in articles:
        assert isinstance(article, ParsedArticle)
        assert article.title.strip()
        assert article.body_html.strip()
        assert len(article.summary) <= 300
        assert article.published_at is None or article.published_at.tzinfo is not None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=512))
def test_random_bytes_only_raise_import_failure(suffix, data):
    _check_parse(f"file{suffix}", data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from(SUFFIXES),
    text=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=25).map("".join),
)
def test_random_text_only_raises_import_failure(suffix, text):
    _check_parse(f"file{suffix}", text.encode("utf-8", "surrogatepass"))


def test_the_summary_is_the_first_real_paragraph_as_plain_text():
    body = (
        "<h2>Heading first</h2><p>https://example.com/only-a-link</p><p></p>"
        '<p><a href="https://example.com/a>b" title="x > y">The film</a> and <em>its</em>&nbsp;songs'
        " &amp; <strong>score</strong>.</p><p>Second paragraph.</p>"
    )
    article = parse_one("body.json", json.dumps({"title": "T", "body": body}).encode())
    assert article.summary == "The film and its songs & score."
    assert article.text.startswith("Heading first")
