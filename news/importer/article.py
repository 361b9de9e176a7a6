"""What a parser produces (ParsedArticle), how it fails (ImportFailure), and the shared finishing step.

Each format module fills a Draft with what its file states; ``finish`` then does what is the same for all
formats: sanitising the body, guessing a missing title, deriving the summary and language, fitting values
to the sizes the models allow, and listing what an editor should check.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape

from common.sanitize import html_to_text, sanitize_html, text_fingerprint
from common.text import clean_inline, cut_at_word, summarise

from ..shingles import sketch
from .dates import gives_no_time
from .furniture import strip_furniture
from .language import detect_language, normalise_language
from .pictures import PictureRef, take_pictures
from .titles import guess_title

SUMMARY_LIMIT = 300
TITLE_LIMIT = 300
NAME_LIMIT = 200
URL_LIMIT = 500
REASON_TITLE_GUESSED = "title guessed"
REASON_DATE_MISSING = "date missing"
REASON_DATE_UNREADABLE = "date not understood"
ONLY_FURNITURE = "nothing but site furniture (share, subscribe or comment widgets) and a headline: no article text"
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.DOTALL)
_ANY_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


class ImportFailure(Exception):
    """A file that cannot be imported; ``str(exc)`` is a short reason to show to the person importing."""


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    title_guessed: bool
    subtitle: str
    published_at: datetime | None
    source_name: str
    original_url: str
    author: str
    language: str
    topics: tuple[str, ...]
    body_html: str
    summary: str
    needs_review_reasons: tuple[str, ...]
    text: str  # the body as plain text
    fingerprint: str  # of that text: the same text is the same article
    sketch: tuple[int, ...] = ()  # of that text: a nearly same text is possibly the same story (news/shingles.py)
    identity: str = ""  # what the file calls this article for good (a WordPress post's GUID): it is the same article
    keep_draft: bool = False  # the file says it is not public (a WordPress draft or private post): never published
    topic_candidates: tuple[tuple[str, str], ...] = ()  # (name, slug) filed under only if such a topic exists
    suggested_topics: tuple[str, ...] = ()  # the candidates no topic answered to, offered to editors
    old_paths: tuple[str, ...] = ()  # its addresses on the site it came from, to redirect here
    date_only: bool = False  # the file gave the day without a time
    related_headlines: tuple[str, ...] = ()  # listed under "Related …": for editors, never topics by themselves
    pictures: tuple[PictureRef, ...] = ()  # what the body's placeholders stand for (importer/pictures.py)


@dataclass
class Draft:
    """An article as a format module read it: raw values, not yet cleaned or completed."""

    body_html: str
    title: str = ""
    subtitle: str = ""
    published_at: datetime | None = None
    date_text: str = ""  # what the file gave as a date, kept to tell "missing" from "not understood"
    source_name: str = ""
    original_url: str = ""
    author: str = ""
    language: str = ""
    topics: list[str] = field(default_factory=list)
    summary: str = ""
    base_url: str = ""  # for resolving relative links in the body
    summary_only: bool = False  # a feed item that carried a summary but not the article's text
    identity: str = ""
    keep_draft: bool = False
    topic_candidates: list[tuple[str, str]] = field(default_factory=list)
    old_paths: list[str] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)  # what the reader saw that an editor should check
    related_headlines: list[str] = field(default_factory=list)


# `[^<>]`, not `[^>]`: an unclosed "<a" then fails at the next "<", so counting tags stays linear.
_ELEMENT_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>")
# Elements that never hold others, or whose end tag may be left out (the parser closes them itself).
_NOT_NESTING = frozenset(
    "area base br col embed hr img input link meta source track wbr p li dt dd tr td th option".split()
)
MAX_NESTING = 1000
# Reading grows with every element; the longest saved news pages hold under 10,000, a fifth of this.
MAX_ELEMENTS = 50_000


def check_nesting(html: str, *, where: str = "") -> None:
    """Refuse markup nested absurdly deep or with more elements than a page holds: HTML parsers slow
    down badly on the one and read the other element by element, and no article needs either.

    Asked before the HTML is parsed or cleaned, and counting stops at the cap: a page of a million
    elements is refused after its first 100,000 tags, for the same small amount of work however
    large the page and however busy the machine."""
    prefix = f"{where}: " if where else ""
    depth = deepest = 0
    for count, tag in enumerate(_ELEMENT_TAG.finditer(html), 1):
        if count > 2 * MAX_ELEMENTS:  # opening and closing tags
            raise ImportFailure(f"{prefix}too many HTML elements to be one article (more than {MAX_ELEMENTS:,})")
        closing, name, self_closing = tag.groups()
        if self_closing or name.lower() in _NOT_NESTING:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise ImportFailure(f"{prefix}nested too deeply to read (more than {MAX_NESTING} levels)")


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


def _plain(value: str, limit: int) -> str:
    """A one-line value as text: feeds and JSON sometimes carry markup or entities in titles and names."""
    if _MARKUP.search(value):
        value = html_to_text(value)
    return cut_at_word(value, limit)


def _first_paragraph(body_html: str, text: str) -> str:
    """The text of the first real paragraph: not a heading, not a bare link.

    ``body_html`` is the sanitiser's output, well-formed and without comments or scripts, so
    patterns find its paragraphs and tags (a parsed tree would cost more than the rest of `finish`).
    """
    for match in _PARAGRAPH.finditer(body_html):
        # Inline tags join what they wrap to its neighbours ("<em>score</em>." is "score."); a break is a space.
        content = clean_inline(unescape(_ANY_TAG.sub("", _BREAK.sub(" ", match.group(1)))))
        if content and not is_url(content):
            return content
    return next((block for block in text.split("\n\n") if block.strip()), "")


def _distinct(names: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        name = _plain(name, NAME_LIMIT)
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return tuple(seen.values())


def finish(draft: Draft, *, where: str = "") -> ParsedArticle:
    """The ParsedArticle for ``draft``; ``where`` prefixes failure reasons ("JSON article 3: ...")."""
    prefix = f"{where}: " if where else ""
    check_nesting(draft.body_html, where=where)
    with_placeholders, pictures, pictures_left_out = take_pictures(draft.body_html, base_url=draft.base_url)
    sanitized = sanitize_html(with_placeholders, base_url=draft.base_url)
    body_html = strip_furniture(sanitized)
    if body_html is None:
        raise ImportFailure(f"{prefix}{ONLY_FURNITURE}")
    text = html_to_text(body_html)
    # The fingerprint is of the text before the furniture cut, so an article imported before the
    # cut existed is still found as the same article when its file comes again.
    fingerprint = text_fingerprint(text if body_html is sanitized else html_to_text(sanitized))
    if not clean_inline(text):
        raise ImportFailure(f"{prefix}no body text")
    first_paragraph = _first_paragraph(body_html, text)

    title = _plain(draft.title, TITLE_LIMIT)
    title_guessed = not title
    if title_guessed:
        title = guess_title(first_paragraph) or cut_at_word(text, 90) or "Untitled"
    summary = summarise(html_to_text(draft.summary) if draft.summary else first_paragraph, SUMMARY_LIMIT)
    url = draft.original_url.strip()
    original_url = url if is_url(url) and len(url) <= URL_LIMIT else ""
    language = normalise_language(draft.language) or detect_language(f"{title}\n{text}")

    reasons = []
    if title_guessed:
        reasons.append(REASON_TITLE_GUESSED)
    if draft.published_at is None:
        reasons.append(REASON_DATE_UNREADABLE if draft.date_text.strip() else REASON_DATE_MISSING)
    reasons += draft.review_reasons
    reasons += pictures_left_out
    return ParsedArticle(
        title=title,
        title_guessed=title_guessed,
        subtitle=_plain(draft.subtitle, TITLE_LIMIT),
        published_at=draft.published_at,
        source_name=_plain(draft.source_name, NAME_LIMIT),
        original_url=original_url,
        author=_plain(draft.author, NAME_LIMIT),
        language=language,
        topics=_distinct(draft.topics),
        body_html=body_html,
        summary=summary,
        needs_review_reasons=tuple(reasons),
        text=text,
        fingerprint=fingerprint,
        sketch=tuple(sketch(text)),
        identity=draft.identity[:URL_LIMIT],
        keep_draft=draft.keep_draft,
        topic_candidates=tuple((_plain(name, NAME_LIMIT), slug[:NAME_LIMIT]) for name, slug in draft.topic_candidates),
        old_paths=tuple(path for path in draft.old_paths if len(path) <= URL_LIMIT),
        date_only=draft.published_at is not None and gives_no_time(draft.date_text),
        related_headlines=_distinct(draft.related_headlines),
        pictures=pictures,
    )
