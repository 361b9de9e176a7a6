"""Plain-text articles, as copied out of a browser or a clipping tool.

The text has no markup, so structure is read from the shape of lines: a short first line is the title, a
line holding only a date is the date, short lines without a full stop between paragraphs are headings. What
copying drags along — "Play video" captions, image captions repeated twice, comment forms, "Related Topics"
lists — is recognised and removed. The lines of a "Related Topics" or "Tags" list are kept for editors as
related headlines, never as topics: copied text cannot say what is a topic and what is another article's
headline ("“Harbour Lights” Leads the Weekend Box Office"), and a topic is public, with a page of its own.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from common.text import clean_inline

from .article import Draft, is_url
from .dates import parse_date
from .furniture import COMMENT_FORM_STARTS, LEFTOVER_LINES

_DATE_PREFIX = re.compile(
    r"^date:?\s+(\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?)(?:\s+|$)(.*)$",
    re.IGNORECASE,
)
_AUTHOR = re.compile(r"^(?:by|written by|words by)\s+(\S.{0,80})$", re.IGNORECASE)
_BYLINE_SEPARATOR = re.compile(r"\s+[|·•]\s+")
_BULLET = re.compile(r"^(?:[-*•▪◦]|(?P<number>\d{1,3})[.)])\s+(?P<text>\S.*)$")
_SENTENCE_STOP = re.compile(r"[.!?…][\"'”’»)\]]*$")
_NO_HEADING_END = re.compile(r"[.,;:…][\"'”’»)\]]*$")

_TOPIC_MARKERS = frozenset({"related topics", "topics", "tags", "tagged", "filed under", "categories"})
_RELATED_MARKERS = frozenset(
    {
        "related",
        "related articles",
        "related posts",
        "related stories",
        "related news",
        "read more",
        "read next",
        "more stories",
        "more news",
        "you may also like",
        "you might also like",
        "recommended",
        "recommended for you",
        "also read",
        "see also",
        "most popular",
        "trending",
    }
)
_TRAILER_MAX_LINES = 12
_TRAILER_MAX_LENGTH = 160
_HEADER_SCAN = 6


def _key(line: str) -> str:
    return line.casefold().rstrip(" .:!")


@dataclass
class _Header:
    title: str = ""
    subtitle: str = ""
    author: str = ""
    published_at: datetime | None = None
    date_text: str = ""
    related: list[str] = field(default_factory=list)


def _normalised_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return [clean_inline(line) for line in text.split("\n")]


def _take_date_prefix(lines: list[str], header: _Header) -> None:
    """`` date 2025-05-23 Body text…``: a clipping tool's date, with the body going on after it."""
    first = next((index for index, line in enumerate(lines) if line), None)
    if first is None:
        return
    match = _DATE_PREFIX.match(lines[first])
    if match and (moment := parse_date(match.group(1))):
        header.published_at, header.date_text = moment, match.group(1)
        words = match.group(2).split()
        if _key(" ".join(words[:2])) in LEFTOVER_LINES:
            words = words[2:]  # "Play video The teaser…": a player's caption run into the text
        lines[first] = " ".join(words)


def _drop_leftovers(lines: list[str]) -> None:
    """Blank out player/share leftovers and captions printed twice in a row (gallery and alt text)."""
    content = [index for index, line in enumerate(lines) if line]
    for index in content:
        if _key(lines[index]) in LEFTOVER_LINES:
            lines[index] = ""
    content = [index for index in content if lines[index]]
    position = 0
    while position < len(content):
        end = position
        while end + 1 < len(content) and lines[content[end + 1]] == lines[content[position]]:
            end += 1
        if end > position and len(lines[content[position]]) <= _TRAILER_MAX_LENGTH:
            # A doubled first line is a title copied twice: keep one copy of it.
            start = position + 1 if position == 0 else position
            for index in content[start : end + 1]:
                lines[index] = ""
        position = end + 1


def _looks_like_title(line: str) -> bool:
    return (
        2 <= len(line) <= 160
        and len(line.split()) <= 30
        and any(character.isalpha() for character in line)
        and not _NO_HEADING_END.search(line)
        and not is_url(line)
        and not _BULLET.match(line)
        and parse_date(line) is None
    )


def _looks_like_name(text: str) -> bool:
    if not text or text[0].islower() or text[0].isdigit():
        return False
    return len(text.split()) <= 9 and not _SENTENCE_STOP.search(text)


def _byline(line: str, header: _Header) -> bool:
    """Read "By Name", "Name | May 29, 2025" style lines into ``header``; False when it is not one."""
    parts = _BYLINE_SEPARATOR.split(line) if len(line) <= 120 else [line]
    author, moment, date_text = "", None, ""
    for part in parts:
        match = _AUTHOR.match(part)
        if (parsed := parse_date(part)) is not None:
            moment, date_text = parsed, part
        elif match and _looks_like_name(match.group(1)):
            author = match.group(1)
        elif len(parts) > 1 and _looks_like_name(part) and len(part.split()) <= 5:
            author = author or part
        else:
            return False
    if not author and moment is None:
        return False
    header.author = header.author or author
    if header.published_at is None and moment is not None:
        header.published_at, header.date_text = moment, date_text
    return True


def _read_header(lines: list[str], header: _Header, *, hard_wrapped: bool) -> None:
    """Title, subtitle, byline and date at the top; the lines read are blanked out of the body."""
    content = [index for index, line in enumerate(lines) if line][: _HEADER_SCAN + 1]
    if not content:
        return
    date_at = None
    if header.published_at is None:
        date_at = next((n for n, index in enumerate(content[:_HEADER_SCAN]) if parse_date(lines[index])), None)
    before = content[:date_at] if date_at is not None else content[:1]
    if date_at is not None and (len(before) > 3 or (before and not _looks_like_title(lines[before[0]]))):
        before, date_at = content[:1], None  # a date deep in the text is the text's, not the header's
    if date_at is not None:
        header.published_at = parse_date(lines[content[date_at]])
        header.date_text = lines[content[date_at]]
        lines[content[date_at]] = ""

    first = before[0] if before else None
    alone = first is not None and (first + 1 >= len(lines) or not lines[first + 1])
    followed = len(content) > 1 or date_at is not None
    if first is not None and _looks_like_title(lines[first]) and followed and (alone or not hard_wrapped):
        header.title, lines[first] = lines[first], ""
        for index in before[1:]:
            if _byline(lines[index], header):
                lines[index] = ""
            elif not header.subtitle and len(lines[index]) <= 300:
                header.subtitle, lines[index] = lines[index], ""
    after = [index for index, line in enumerate(lines) if line][:2]
    for index in after:
        if _byline(lines[index], header):
            lines[index] = ""
        else:
            break


def _drop_comment_form(lines: list[str]) -> None:
    content = [index for index, line in enumerate(lines) if line]
    for position, index in enumerate(content):
        if position > 0 and _key(lines[index]) in COMMENT_FORM_STARTS:
            for later in content[position:]:
                lines[later] = ""
            return


def _split_names(text: str) -> list[str]:
    return [name.strip() for name in re.split(r"\s*[,;|]\s*", text) if name.strip()]


def _take_trailers(lines: list[str], header: _Header) -> None:
    """A "Related Topics", "Read more" or "Tags" list at the end leaves the body for the related headlines."""
    while True:
        content = [index for index, line in enumerate(lines) if line]
        if len(content) < 2:
            return
        last = lines[content[-1]]
        label, _, rest = last.partition(":")
        if _key(label) in _TOPIC_MARKERS and rest.strip() and len(last) <= 300:
            header.related = _split_names(rest) + header.related
            lines[content[-1]] = ""
            continue
        tail_start = max(1, len(content) - _TRAILER_MAX_LINES - 1)
        marker = next(
            (
                position
                for position in range(len(content) - 2, tail_start - 1, -1)
                if _key(lines[content[position]]) in _TOPIC_MARKERS | _RELATED_MARKERS
            ),
            None,
        )
        if marker is None:
            return
        trailer = [lines[index] for index in content[marker + 1 :]]
        if any(len(line) > _TRAILER_MAX_LENGTH for line in trailer):
            return
        header.related = [line.strip(" -•*") for line in trailer] + header.related
        for index in content[marker:]:
            lines[index] = ""


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True for text wrapped at a fixed width, whose paragraphs span several lines."""
    inner = [line for line, following in zip(lines, lines[1:], strict=False) if line and following]
    if len(inner) < 3 or max(len(line) for line in lines) > 100:
        return False
    long_lines = sum(len(line) >= 40 for line in inner)
    stopped = sum(bool(_SENTENCE_STOP.search(line)) for line in inner)
    return long_lines >= 0.6 * len(inner) and stopped <= 0.4 * len(inner)


def _blocks(lines: list[str], *, hard_wrapped: bool) -> list[str]:
    if not hard_wrapped:
        return [line for line in lines if line]
    blocks: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line and not _BULLET.match(line):
            current.append(line)
            continue
        if current:
            blocks.append(" ".join(current))
            current = []
        if line:
            blocks.append(line)
    return blocks


def _is_heading_like(block: str) -> bool:
    return (
        len(block) <= 100
        and len(block.split()) <= 14
        and any(character.isalpha() for character in block)
        and not block[0].islower()
        and not _NO_HEADING_END.search(block)
        and not (block[0] in '“"' and block[-1] in '”"')
    )


def text_body_html(lines: list[str]) -> str:
    """Paragraphs, headings, lists and bare links as HTML (unsanitised: the caller sanitises)."""
    lines = [clean_inline(line) for line in lines]
    blocks = _blocks(lines, hard_wrapped=_is_hard_wrapped(lines))
    parts: list[str] = []
    open_list = ""
    previous_heading = False
    for position, block in enumerate(blocks):
        bullet = _BULLET.match(block)
        list_tag = ("ol" if bullet.group("number") else "ul") if bullet else ""
        if open_list and list_tag != open_list:
            parts.append(f"</{open_list}>")
            open_list = ""
        if bullet:
            if not open_list:
                parts.append(f"<{list_tag}>")
                open_list = list_tag
            parts.append(f"<li>{html.escape(bullet.group('text'))}</li>")
            previous_heading = False
            continue
        escaped = html.escape(block)
        heading = not previous_heading and position + 1 < len(blocks) and _is_heading_like(block)
        if is_url(block):
            parts.append(f'<p><a href="{escaped}">{escaped}</a></p>')
        elif heading:
            parts.append(f"<h2>{escaped}</h2>")
        else:
            parts.append(f"<p>{escaped}</p>")
        previous_heading = heading
    if open_list:
        parts.append(f"</{open_list}>")
    return "\n".join(parts)


def parse_text(text: str) -> Draft:
    lines = _normalised_lines(text)
    header = _Header()
    _take_date_prefix(lines, header)
    _drop_leftovers(lines)
    hard_wrapped = _is_hard_wrapped(lines)
    _read_header(lines, header, hard_wrapped=hard_wrapped)
    _drop_comment_form(lines)
    _take_trailers(lines, header)
    return Draft(
        body_html=text_body_html(lines),
        title=header.title,
        subtitle=header.subtitle,
        published_at=header.published_at,
        date_text=header.date_text,
        author=header.author,
        related_headlines=header.related,
    )
