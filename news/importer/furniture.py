"""The last cut of site furniture, on the sanitised body of every format: widget leftovers, sign-offs,
"Where to watch" boxes, embedded players' captions, and lead-ins left dangling once the list or
player they introduced is gone. A body that is nothing but furniture and a headline is not an
article (`finish` refuses it with the reason).

The body is the sanitiser's output (well-formed, no comments or scripts), so its top-level blocks
are found by counting tags, in one linear pass: a parsed tree would cost more than the rest of
`finish`.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from html import unescape

from common.text import clean_inline

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
_ANY_TAG = re.compile(r"<[^<>]*>")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ul", "ol"})

# Lines left behind by players, galleries and share bars (compared case-insensitively, without "." or ":"),
# dropped wherever they stand; the plain-text reader drops them line by line too (formats_text.py).
LEFTOVER_LINES = frozenset(
    {
        "play video",
        "watch video",
        "watch the video",
        "play",
        "advertisement",
        "skip ad",
        "scroll to continue",
        "scroll to continue with content",
        "story continues below advertisement",
        "continue reading below",
        "listen to this article",
        "share",
        "share this",
        "share this article",
        "share this story",
        "like this",
        "click to share on facebook (opens in new window)",
        "click to share on x (opens in new window)",
        "loading",
        "loading...",
        "required fields are marked *",
        "post comment",
        "comment *",
        "name *",
        "email *",
        "save my name, email, and website in this browser for the next time i comment",
    }
)
# Where a comment form starts (the plain-text reader drops everything from there on).
COMMENT_FORM_STARTS = frozenset(
    {
        "leave a reply",
        "leave a comment",
        "leave a reply cancel reply",
        "post a comment",
        "add a comment",
        "cancel reply",
        "your email address will not be published",
        "you must be logged in to post a comment",
        "comments are closed",
        "join the conversation",
        "join the discussion",
    }
)
# Whole blocks that are a widget's words (compared case-insensitively, without closing punctuation).
_WIDGETS = (
    LEFTOVER_LINES
    | COMMENT_FORM_STARTS
    | frozenset(
        phrase.strip()
        for phrase in """
        share on facebook|share on x|share on twitter|tweet|email|print|copy link|link copied|subscribe|subscribe now
        sign up|sign in|subscribe to our newsletter|sign up for our newsletter|get our newsletter|follow us
        follow us on social media|comments|comment|website|related|related articles|read more|read next
        more stories|you may also like|recommended|trending|like loading
        """.replace("\n", "|").split("|")
        if phrase.strip()
    )
)
# A share bar's words: "Share this: Facebook Twitter", "Like this: Like Loading…", a list of networks.
_SHARE_BAR_WORDS = frozenset(
    """
    share this article story on via with like loading opens in new window follow us more copy link email e mail
    print facebook twitter x linkedin reddit pinterest whatsapp tumblr telegram pocket threads bluesky mastodon
    flipboard messenger sms kakaotalk kakao naver band line
    """.split()
)
_NETWORKS = frozenset("facebook twitter linkedin reddit pinterest whatsapp tumblr telegram threads bluesky".split())
_SHARE_BAR_MAX_WORDS = 20
_WORD = re.compile(r"[^\W\d_]+")
_SIGN_OFF = re.compile(
    r"^(?:stay tuned|stay connected|keep (?:it )?locked|watch this space|keep an eye on|follow us|"
    r"subscribe to|sign up for|don't miss|do not miss|don’t miss|for more (?:news|updates|stories)|"
    r"be sure to (?:follow|subscribe|check back)|check back (?:soon|later|for)|what do you think\?|"
    r"let us know (?:in|what)|tell us (?:in|what))",
    re.IGNORECASE,
)
_SIGN_OFF_WORDS = 40
_WHERE_TO_WATCH = re.compile(r"^(?:where to (?:watch|stream)|how to watch|watch it on|streaming on)\b", re.IGNORECASE)
_PLAYER = re.compile(
    r"^(?:(?:watch|see|listen to|check out|hear)\b.{0,100}\b(?:below|above|here)[.:!]?"
    r"|(?:video|audio|trailer|embedded (?:video|content|media)|youtube video(?: player)?)\s*(?:[:|–—-].{0,80})?)$",
    re.IGNORECASE,
)
_PLAYER_WORDS = 16
_BOX_LINE_WORDS = 25  # a "Where to watch" box's lines are short; the article's paragraphs are not
_HEADLINE_WORDS = 20
_SHORT_HTML = 600
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


@dataclass
class _Block:
    tag: str
    html: str
    lead: str = ""  # the whitespace between it and the block before

    @cached_property
    def text(self) -> str:
        return clean_inline(unescape(_ANY_TAG.sub(" ", self.html)))

    @cached_property
    def key(self) -> str:
        return self.text.casefold().rstrip(" .:!…")

    @cached_property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def short(self) -> bool:
        """Whether it may be a widget, a caption or a box's line: those are short, the article's
        paragraphs mostly are not (and their text is then never worked out here)."""
        return len(self.html) <= _SHORT_HTML


def _blocks(html: str) -> list[_Block] | None:
    """The body's top-level elements, each with the whitespace before it; None when the body has
    loose text outside any element (it is then left as it is)."""
    blocks, depth, start, opened, tag = [], 0, 0, 0, ""
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if depth == 0 and not closing:
            if html[start : match.start()].strip():
                return None
            opened, tag = match.start(), name
        if name in _VOID or self_closing:
            if depth == 0:
                blocks.append(_Block(name, html[opened : match.end()], lead=html[start:opened]))
                start = match.end()
            continue
        depth += -1 if closing else 1
        if closing and depth == 0:
            blocks.append(_Block(tag, html[opened : match.end()], lead=html[start:opened]))
            start = match.end()
        if depth < 0:
            return None
    return blocks if depth == 0 and not html[start:].strip() else None


def _is_widget(block: _Block) -> bool:
    return block.short and (
        block.key in _WIDGETS or block.key.startswith(("click to share on ", "share on ")) or _is_share_bar(block)
    )


def _is_share_bar(block: _Block) -> bool:
    """Nothing but the names of social networks, with a share bar's own words around them."""
    if block.words > _SHARE_BAR_MAX_WORDS:
        return False
    words = _WORD.findall(block.key)
    return bool(_NETWORKS.intersection(words)) and _SHARE_BAR_WORDS.issuperset(words)


def _is_player_caption(block: _Block) -> bool:
    return block.short and block.tag not in _LISTS and block.words <= _PLAYER_WORDS and bool(_PLAYER.match(block.text))


def _drop_where_to_watch(blocks: list[_Block]) -> list[_Block]:
    kept, skipping = [], False
    for block in blocks:
        if block.short and block.words <= _BOX_LINE_WORDS and _WHERE_TO_WATCH.match(block.text):
            skipping = True
            continue
        if (
            skipping
            and block.tag not in _HEADINGS
            and (block.tag in _LISTS or (block.short and block.words < _BOX_LINE_WORDS))
        ):
            continue  # the box's lines: platforms, dates, prices
        skipping = False
        kept.append(block)
    return kept


def _drop_sign_offs(blocks: list[_Block]) -> list[_Block]:
    while blocks and (
        _is_widget(blocks[-1])
        or (blocks[-1].short and blocks[-1].words <= _SIGN_OFF_WORDS and _SIGN_OFF.match(blocks[-1].text))
    ):
        blocks = blocks[:-1]
    return blocks


def _drop_dangling_lead_ins(blocks: list[_Block]) -> list[_Block]:
    """A paragraph that ends in ":" and introduces nothing (the end, or a heading next)."""
    kept: list[_Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        introduces_nothing = following is None or following.tag in _HEADINGS
        if block.tag == "p" and introduces_nothing and ":" in block.html[-60:] and block.text.endswith(":"):
            continue
        kept.append(block)
    return kept


def strip_furniture(body_html: str) -> str | None:
    """The body without furniture; None when nothing but furniture and a headline-like line is left."""
    blocks = _blocks(body_html)
    if blocks is None:
        return body_html
    kept = [block for block in blocks if not _is_widget(block) and not _is_player_caption(block)]
    kept = _drop_sign_offs(_drop_where_to_watch(kept))
    while (shorter := _drop_dangling_lead_ins(kept)) != kept:
        kept = shorter
    if len(kept) == len(blocks):
        return body_html  # the very object: `finish` tells from it that nothing was cut
    text_blocks = [block for block in kept if block.text]
    headline_only = len(text_blocks) == 1 and (
        text_blocks[0].tag in _HEADINGS
        or (text_blocks[0].words <= _HEADLINE_WORDS and not _SENTENCE_END.search(text_blocks[0].text))
    )
    if not text_blocks or headline_only:
        return None
    return "".join(block.lead + block.html for block in kept).strip()
