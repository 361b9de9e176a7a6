"""WordPress exports (WXR 1.1 and 1.2): the posts of a whole site, read as a stream.

An export is a site's whole history, thousands of posts in tens of MB, so it is never held in
memory: the XML is read with defusedxml's iterparse (entities, external references and document
type declarations refused) and each post is dropped from the tree once read. It is read twice: a
first pass checks that the whole file is well-formed and within bounds and counts what it holds,
so a broken export is refused before any of its posts is written; the second hands out the posts
one at a time (`WxrPost`), to be read into articles like any other file (`post_draft`).

Only posts (and pages, when asked) become articles. Attachments, comments, menus and revisions are
counted and left out. WordPress's status is kept: only a published post may be published here.
"""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import urlsplit

from defusedxml.ElementTree import iterparse

from common.files import too_large

from .article import Draft, ImportFailure
from .dates import parse_date
from .formats_feed import XML_ERRORS, local, xml_failure
from .wordpress_body import wordpress_html

# WordPress writes this namespace (wordpress.org/export/1.1/ or 1.2/) on the root element, after a
# comment of about 1,500 bytes explaining the file.
_MARK = b"wordpress.org/export/"
SNIFF_BYTES = 8192
# A post is some tens of elements and each comment a dozen; a site's export stays far below this.
MAX_ELEMENTS = 3_000_000
_ZERO_DATE = re.compile(r"^0000-00-00")
# WordPress's default category, given to every post nobody filed: it says nothing about the post.
_UNFILED = "uncategorized"
_LEFT_OUT_STATUSES = frozenset({"trash", "auto-draft", "inherit"})


def looks_like_wxr(head: bytes) -> bool:
    """Whether a file that starts with ``head`` (its first SNIFF_BYTES) is a WordPress export."""
    return _MARK in head[:SNIFF_BYTES]


@dataclass(frozen=True)
class WxrPost:
    """One post as the export states it: plain values, sent to a worker process to be read."""

    label: str
    kind: str  # "post" or "page"
    post_id: str
    status: str
    password: bool
    title: str
    link: str
    guid: str
    author: str
    content: str
    excerpt: str
    date_gmt: str
    categories: tuple[tuple[str, str], ...]  # (name, slug)
    site: str
    site_url: str
    language: str


@dataclass
class Tally:
    """What the first pass found: the posts to import and what is left out."""

    to_import: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    authors: dict[str, str] = field(default_factory=dict)  # login: display name

    def left_out_reason(self) -> str:
        wording = {
            "page": "pages (imported only when asked)",
            "attachment": "attachments",
            "comment": "comments",
            "trash": "posts in the trash",
            "other": "other entries (menus, revisions, blocks)",
        }
        parts = [f"{wording[kind]}: {count:,}" for kind, count in sorted(self.left_out.items()) if count]
        return "WordPress export; left out " + "; ".join(parts) if parts else ""


class _Capped:
    """A file that refuses to be read past ``limit`` bytes, whatever size it said it had."""

    def __init__(self, file: BinaryIO, limit: int):
        self.file, self.limit, self.done = file, limit, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.file.read(size if size >= 0 else self.limit + 1)
        self.done += len(chunk)
        if self.done > self.limit:
            raise ImportFailure(too_large(self.done, self.limit))
        return chunk


def _text(element: ET.Element, name: str) -> str:
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""


Opener = Callable[[], AbstractContextManager[BinaryIO]]


class WxrExport:
    """An export to import: ``open`` gives its bytes as a file from the start, for each pass."""

    def __init__(
        self, name: str, open: Callable[[], AbstractContextManager[BinaryIO]], *, max_bytes: int, pages: bool = False
    ):
        self.name, self.open, self.max_bytes, self.pages = name, open, max_bytes, pages
        self.site = self.site_url = self.language = ""

    def _children(self) -> Iterator[ET.Element]:
        """Each child of the channel, once read whole, then dropped; the channel's own fields noted."""
        depth = elements = 0
        channel: ET.Element | None = None
        try:
            with self.open() as file:
                for event, element in iterparse(
                    _Capped(file, self.max_bytes), events=("start", "end"), forbid_dtd=True
                ):
                    if event == "start":
                        depth, elements = depth + 1, elements + 1
                        if elements > MAX_ELEMENTS:
                            raise ImportFailure(f"too many XML elements for one export (more than {MAX_ELEMENTS:,})")
                        if depth == 1 and local(element.tag) != "rss":
                            raise ImportFailure(f"not a WordPress export (the root element is <{local(element.tag)}>)")
                        if depth == 2:
                            channel = element
                        continue
                    depth -= 1
                    if depth == 2 and channel is not None:
                        self._note(element)
                        yield element
                        channel.remove(element)  # the earlier children are gone: the first, found at once
        except XML_ERRORS as exc:
            raise xml_failure(exc) from exc
        except OSError as exc:
            raise ImportFailure(f"cannot read ({exc.strerror or exc})") from exc

    def _note(self, element: ET.Element) -> None:
        name = local(element.tag)
        value = (element.text or "").strip()
        if name == "title" and not self.site:
            self.site = value
        elif name in ("base_blog_url", "link") and not self.site_url:
            self.site_url = value
        elif name == "language":
            self.language = value

    def _kind(self, item: ET.Element) -> str:
        """What becomes of an item: "post" or "page" to import, else the kind it is left out as."""
        kind, status = _text(item, "post_type") or "post", _text(item, "status")
        if kind not in ("post", "page"):
            return kind if kind == "attachment" else "other"
        if status in _LEFT_OUT_STATUSES:
            return "trash" if status == "trash" else "other"
        return kind if kind == "post" or self.pages else "page-left-out"

    def scan(self) -> Tally:
        """The whole export read once: well-formed, within bounds, and what it holds. Raises ImportFailure."""
        tally = Tally()
        for element in self._children():
            name = local(element.tag)
            if name == "author":
                tally.authors[_text(element, "author_login")] = _text(element, "author_display_name")
            elif name == "item":
                kind = self._kind(element)
                tally.left_out["comment"] += sum(1 for child in element if local(child.tag) == "comment")
                if kind in ("post", "page"):
                    tally.to_import += 1
                else:
                    tally.left_out["page" if kind == "page-left-out" else kind] += 1
        if not tally.to_import and not tally.left_out:
            raise ImportFailure("no posts in the WordPress export")
        return tally

    def posts(self, authors: dict[str, str]) -> Iterator[WxrPost]:
        """The posts to import, in the export's order (after `scan` said the file is sound)."""
        for element in self._children():
            if local(element.tag) == "item" and self._kind(element) in ("post", "page"):
                yield self._post(element, authors)

    def _post(self, item: ET.Element, authors: dict[str, str]) -> WxrPost:
        values = {local(child.tag): (child.text or "").strip() for child in item if len(child) == 0}
        encoded = {
            child.tag.split("}")[0]: child.text or "" for child in item if local(child.tag) == "encoded"
        }  # content:encoded and excerpt:encoded share a local name
        kind = values.get("post_type") or "post"
        post_id = values.get("post_id", "")
        login = values.get("creator", "")
        return WxrPost(
            label=f"{self.name}: {kind} {post_id}".strip(),
            kind=kind,
            post_id=post_id,
            status=values.get("status", ""),
            password=bool(values.get("post_password")),
            title=values.get("title", ""),
            link=values.get("link", ""),
            guid=values.get("guid", ""),
            author=authors.get(login) or login,
            content=next((text for ns, text in encoded.items() if "/content/" in ns), ""),
            excerpt=next((text for ns, text in encoded.items() if "/excerpt/" in ns), ""),
            date_gmt=values.get("post_date_gmt", ""),
            categories=tuple(
                ((child.text or "").strip(), child.get("nicename", ""))
                for child in item
                if local(child.tag) == "category" and child.get("domain") in ("category", "post_tag")
            ),
            site=self.site,
            site_url=self.site_url,
            language=self.language,
        )


def _old_paths(post: WxrPost) -> tuple[str, ...]:
    """The addresses the post had on its old site, as paths of this one: its permalink and ?p=<id>."""
    paths = []
    link = urlsplit(post.link)
    path = link.path or "/"
    if link.query:
        paths.append(f"{path}?{link.query}")
    elif path.strip("/"):
        paths.append(path)
    if post.post_id.isdigit():
        paths.append(f"/?{'page_id' if post.kind == 'page' else 'p'}={post.post_id}")
    return tuple(dict.fromkeys(paths))


def post_draft(post: WxrPost) -> Draft:
    """The draft for one post: its status, GMT date, author's name, excerpt, terms and old addresses."""
    date_text = "" if _ZERO_DATE.match(post.date_gmt) else post.date_gmt
    return Draft(
        body_html=wordpress_html(post.content),
        title=post.title,
        published_at=parse_date(date_text) if date_text else None,  # a time without a zone is UTC
        date_text=date_text,
        source_name=post.site,
        original_url=post.link,
        author=post.author,
        language=post.language,
        summary=wordpress_html(post.excerpt) if post.excerpt.strip() else "",
        base_url=post.site_url,
        identity=post.guid or (f"{post.site_url}/?p={post.post_id}" if post.post_id else ""),
        keep_draft=post.status != "publish" or post.password,
        topic_candidates=[(name, slug) for name, slug in post.categories if name and slug.casefold() != _UNFILED],
        old_paths=list(_old_paths(post)),
    )
