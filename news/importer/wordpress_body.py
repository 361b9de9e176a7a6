"""A WordPress post's content as plain HTML: what the WordPress editor stores that no other site can read.

The block editor (Gutenberg) wraps each block in comments (``<!-- wp:paragraph -->``); the classic
editor leaves paragraphs as blank lines for WordPress to wrap when it shows the page; and both use
shortcodes (``[gallery ids="1,2"]``, ``[embed]…[/embed]``), which only the WordPress that had the plugin
could expand. A ``[caption]`` around an image is the one shortcode with a meaning kept here: it
becomes a ``<figure>`` with its ``<figcaption>``. Every other shortcode's brackets are removed and
the text it wrapped is kept.
"""

import re

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.DOTALL)
_CAPTION = re.compile(r"\[(caption|wp_caption)\b[^\]]*\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
# The image, optionally inside its link, at the start of a caption's content; the rest is the caption.
_CAPTIONED = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE)
_CAPTION_ATTRIBUTE = re.compile(r"""\bcaption=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# An opening, closing or self-closing shortcode: a name of letters, digits, "_" or "-", and attributes
# without brackets. "[1]" (a footnote) and "[sic]"-like text without attributes stay: only names that
# WordPress would have run are removed, which a plain word in brackets cannot be told from, so a
# bracketed word is removed only when it is one of WordPress's own or a closing tag of its name follows.
_CORE_SHORTCODES = frozenset({"audio", "caption", "embed", "gallery", "playlist", "video", "wp_caption"})
_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z_][\w-]*)((?:\s[^\[\]]*)?)(/?)\]")
_BLOCK_START = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|figure|table|hr|section|article|aside|dl)\b", re.IGNORECASE
)


def _figure(match: re.Match[str]) -> str:
    inner = match.group(2)
    found = _CAPTIONED.match(inner)
    if found is None:
        return inner
    image, caption = found.group(1), found.group(2).strip()
    if not caption:  # older WordPress kept the caption as an attribute
        attribute = _CAPTION_ATTRIBUTE.search(match.group(0))
        caption = next(filter(None, attribute.groups()), "") if attribute else ""  # markup, as the content is
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"\n\n<figure>{image}{figcaption}</figure>\n\n"


def _without_shortcodes(html: str) -> str:
    closed = _CORE_SHORTCODES | {match.group(2).lower() for match in _SHORTCODE.finditer(html) if match.group(1)}

    def drop(match: re.Match[str]) -> str:
        closing, name, attributes, self_closing = match.groups()
        if closing or self_closing or attributes.strip() or name.lower() in closed:
            return ""
        return match.group(0)  # "[sic]", a bracketed word and not a shortcode

    return _SHORTCODE.sub(drop, html)


def _paragraphs(html: str) -> str:
    """Blank-line-separated text wrapped in paragraphs, as WordPress does when it shows a post."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", html.replace("\r\n", "\n")) if block.strip()]
    return "\n".join(block if _BLOCK_START.match(block) else f"<p>{block}</p>" for block in blocks)


def wordpress_html(content: str) -> str:
    """The post's content without block comments and shortcodes, captions as figures, in paragraphs."""
    content = _BLOCK_COMMENT.sub("", content)
    content = _CAPTION.sub(_figure, content)
    return _paragraphs(_without_shortcodes(content))
