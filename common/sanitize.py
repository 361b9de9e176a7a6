"""Sanitising of the HTML people and files write (article bodies, biographies, synopses), and its plain text.

Article bodies come from files we did not write (saved web pages, feeds, editors' pastes), so every body
goes through one allow-list before it is stored or shown; so do the catalog's rich-text fields. The list
is what an article needs — paragraphs, headings, lists, links, quotes, emphasis — and nothing that can
run code, load anything or restyle the page.

Three kinds of block go beyond plain text, each in one plain form that loads nothing by itself:
- a picture from the library, `<figure data-picture="ID">` with an optional `<figcaption>`: the page
  draws it from the library's renditions (`catalog.figures`), with the library's alt text and credit;
- a video, `<figure data-video="URL">`, kept only for a YouTube or Vimeo link (written in its plain
  form, `common.videos`): the page offers it to play, and loads the player on a click;
- a pull quote, `<blockquote class="pull-quote">`.
"""

import hashlib
import re
from html import escape, unescape
from html.entities import html5 as html5_entities

import nh3

from .videos import video_url

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "a",
        "blockquote",
        "em",
        "strong",
        "b",
        "i",
        "code",
        "pre",
        "br",
        "figure",
        "figcaption",
        "hr",
    }
)
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "figure": {"data-picture", "data-video"}}
ALLOWED_CLASSES = {"blockquote": {"pull-quote"}}
_PICTURE_ID = re.compile(r"[1-9][0-9]{0,17}")


def _attribute(tag: str, name: str, value: str) -> str | None:
    """An allowed attribute's value as kept, or None to drop it: a picture's id must be a number, a
    video's link one to YouTube or Vimeo (in its plain form)."""
    if name == "data-picture":
        return value if _PICTURE_ID.fullmatch(value) else None
    if name == "data-video":
        return video_url(value) or None
    return value


# Removed together with everything inside them (the others lose the tag and keep the text).
_DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "noscript",
        "noembed",
        "noframes",
        "template",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "textarea",
        "select",
        "button",
        "canvas",
        "audio",
        "video",
        "title",
        "head",
        "form",
    }
)
# Headings are let through the cleaner so their text stays a block, then renamed: the page has its own h1,
# and the body has room for h2–h4 only.
_RENAMED_HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}
# A link whose href was refused keeps its text and loses the tag (the cleaner's output is normalised).
_DEAD_LINK = re.compile(rf'<a(?: title="[^"]*")? rel="{LINK_REL}">(.*?)</a>', re.DOTALL)
# A named reference ("&amp;") or an "&" that starts no complete reference ("AT&T", "?a=1&b=2"). The
# cleaner's tokenizer takes quadratic time over long runs of either, and linear time over numeric
# references, so both are written as numeric references before cleaning.
_ENTITY_OR_STRAY = re.compile(r"&(?:([a-zA-Z][a-zA-Z0-9]{1,31};)|(?!#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};))")


def _numeric(match: re.Match) -> str:
    name = match.group(1)
    if name and name in html5_entities:
        return "".join(f"&#{ord(char)};" for char in html5_entities[name])
    return "&#38;" + (name or "")


def _numeric_references(html: str) -> str:
    return _ENTITY_OR_STRAY.sub(_numeric, html) if "&" in html else html


# The cleaner also slows quadratically with the number of "&" in one text node or attribute. So while it
# runs, a private-use character stands in for each "&" of the text (a real one in the input is replaced
# first), and a tag longer than any article needs keeps only its name.
_AMPERSAND = "\ue000"
_PIECES = re.compile(r"(<[^<>]*>)")
_TAG_NAME = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*")
MAX_TAG = 8192


def _shielded(html: str) -> str:
    if "&" not in html and len(html) <= MAX_TAG:
        return html
    pieces = _PIECES.split(_numeric_references(html.replace(_AMPERSAND, "\ufffd")))
    for index in range(0, len(pieces), 2):
        pieces[index] = pieces[index].replace("&#38;", _AMPERSAND)
    for index in range(1, len(pieces), 2):
        if len(pieces[index]) > MAX_TAG:
            name = _TAG_NAME.match(pieces[index])
            pieces[index] = f"{name.group()}>" if name else ""
    return "".join(pieces)


_EMPTY_BLOCK = re.compile(r"<(p|h2|h3|h4|li|blockquote|figure|figcaption|ul|ol|strong|em|b|i)>(?:\s|<br>)*</\1>")


def sanitize_html(html: str, *, base_url: str = "") -> str:
    """The allow-listed part of ``html``.

    Links keep only http, https and mailto targets; relative ones are resolved against ``base_url`` when it
    is given and dropped otherwise, since they lead nowhere once the text is on our site.
    """
    if not html or not html.strip():
        return ""
    cleaned = nh3.clean(
        _shielded(html),
        tags=set(ALLOWED_TAGS | _RENAMED_HEADINGS.keys()),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=set(ALLOWED_SCHEMES),
        url_relative=("rewrite_with_base", base_url) if base_url.startswith(("http://", "https://")) else "deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # The cleaner's output is re-serialised, so a literal "<h1>" here can only be a tag, never text.
    for old, new in _RENAMED_HEADINGS.items():
        cleaned = cleaned.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    cleaned = _DEAD_LINK.sub(r"\1", cleaned.replace(_AMPERSAND, "&amp;"))
    # A quote whose classes were all refused keeps an empty attribute.
    cleaned = cleaned.replace('<blockquote class="">', "<blockquote>")
    previous = None
    while previous != cleaned:
        previous, cleaned = cleaned, _EMPTY_BLOCK.sub("", cleaned)
    return cleaned.strip()


_BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "header",
    "footer",
)
_BLOCK_BOUNDARY = re.compile(r"<\s*/?\s*(?:" + "|".join(_BLOCK_TAGS) + r")(?=[\s/>])[^>]*>", re.IGNORECASE)
_BR = re.compile(r"<\s*br(?=[\s/>])[^>]*>", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_SPACES = re.compile(r"\s+")


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: one block per paragraph, separated by blank lines.

    Hot path (fingerprints, summaries and mentions read it for every saved article), so the
    tags go through nh3's Rust cleaner rather than a Python tree: block tags become blank
    lines first, then every tag is stripped and the entities are decoded.
    """
    if not html or not html.strip():
        return ""
    marked = _BR.sub(" ", _BLOCK_BOUNDARY.sub("\n\n", _shielded(html)))
    cleaned = nh3.clean(marked, tags=set(), clean_content_tags=set(_DROPPED_WITH_CONTENT), strip_comments=True)
    text = unescape(cleaned).replace(_AMPERSAND, "&")
    blocks = (_SPACES.sub(" ", block).strip() for block in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(block for block in blocks if block)


def normalised_text(text: str) -> str:
    """Lower-case words only: two copies of one article differ in nothing this keeps."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def text_fingerprint(text: str) -> str:
    """What makes two articles the same text (`Article.fingerprint`)."""
    return hashlib.sha256(normalised_text(text).encode()).hexdigest()


_HAS_BLOCKS = re.compile(r"<(?:p|h[1-6]|ul|ol|blockquote|pre|figure|div)[\s>]", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def rich_text(value: str) -> str:
    """A rich-text field's value as stored: sanitised HTML. Plain text (typed without the editor, or
    from before the field held HTML) becomes paragraphs at its blank lines, with its line breaks kept."""
    if not value or not value.strip():
        return ""
    if not _HAS_BLOCKS.search(value):
        blocks = (block.strip() for block in _BLANK_LINES.split(value.replace("\r\n", "\n")))
        value = "".join("<p>" + escape(block).replace("\n", "<br>") + "</p>" for block in blocks if block)
    return sanitize_html(value)


def clean_rich_text(sender, instance, raw=False, **kwargs):
    """Before a content row is saved: its `rich_text_fields` (a model attribute) stored as sanitised
    HTML, whoever wrote them (the editor, a plain textarea, a script). A raw save keeps its data."""
    if raw:
        return
    for name in getattr(sender, "rich_text_fields", ()):
        setattr(instance, name, rich_text(getattr(instance, name)))
