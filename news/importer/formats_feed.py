"""RSS 2.0 / RSS 1.0 and Atom feeds: each item or entry is one article.

The XML goes through defusedxml: entity declarations and external references are refused outright, so a
"billion laughs" or an XXE file fails at once instead of expanding or reading local files.
"""

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from common.sanitize import html_to_text
from common.text import clean_inline

from .article import Draft, ImportFailure, is_url
from .dates import parse_date
from .fields import body_to_html

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# A description this long, or of this many paragraphs, is the article itself, not a summary of it.
ARTICLE_WORDS = 150
ARTICLE_PARAGRAPHS = 3


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local(child.tag) == name]


def _text(element: ET.Element, *names: str) -> str:
    """The text of the first child named one of ``names`` that has any."""
    for name in names:
        for child in _children(element, name):
            if child.text and child.text.strip():
                return child.text.strip()
    return ""


XML_ERRORS = (DefusedXmlException, ET.ParseError)


def xml_failure(exc: Exception) -> ImportFailure:
    """The reason a person reads for XML that defusedxml refused or that is not well-formed."""
    if isinstance(exc, EntitiesForbidden):
        return ImportFailure("malformed XML: entities are not allowed")
    if isinstance(exc, ExternalReferenceForbidden):
        return ImportFailure("malformed XML: external references are not allowed")
    if isinstance(exc, DTDForbidden):
        return ImportFailure("malformed XML: document type declarations are not allowed")
    if isinstance(exc, DefusedXmlException):
        return ImportFailure(f"malformed XML: {type(exc).__name__}")
    return ImportFailure(f"malformed XML: {exc}")


def _parse_xml(text: str) -> ET.Element:
    try:
        return fromstring(text)
    except XML_ERRORS as exc:
        raise xml_failure(exc) from exc


def _atom_content(element: ET.Element) -> str:
    """Atom content: escaped HTML or text as is; type="xhtml" is inline markup, serialised without namespaces."""
    if element.get("type") != "xhtml":
        return element.text or ""
    for node in element.iter():
        node.tag = local(node.tag)
        for key in [key for key in node.attrib if key.startswith("{")]:
            node.attrib[local(key)] = node.attrib.pop(key)
    container = next(iter(element), None)
    if container is None:
        return element.text or ""
    inner = [container.text or ""] + [ET.tostring(child, encoding="unicode") for child in container]
    return "".join(inner)


def _holds_article(html: str) -> bool:
    """Whether an item's only text is the article rather than a summary to fetch the article for."""
    return len(html_to_text(html).split()) >= ARTICLE_WORDS or html.count("<p") >= ARTICLE_PARAGRAPHS


def _rss_author(item: ET.Element) -> str:
    creator = _text(item, "creator")
    if creator:
        return creator
    author = _text(item, "author")  # "editor@example.com (Jane Doe)"
    if "(" in author and author.endswith(")"):
        return author[author.index("(") + 1 : -1]
    return "" if "@" in author else author


def _rss_draft(item: ET.Element, *, source: str, language: str) -> Draft:
    content = _text(item, "encoded")
    description = _text(item, "description")
    link = _text(item, "link")
    guid = _children(item, "guid")
    if not link and guid and guid[0].get("isPermaLink", "true") != "false" and is_url(guid[0].text or ""):
        link = (guid[0].text or "").strip()
    date_text = _text(item, "pubDate", "date", "published", "updated")
    return Draft(
        body_html=body_to_html(content or description),
        title=_text(item, "title"),
        published_at=parse_date(date_text) if date_text else None,
        date_text=date_text,
        source_name=_text(item, "source") or source,
        original_url=link,
        author=_rss_author(item),
        language=_text(item, "language") or language,
        topics=[clean_inline(child.text or "") for child in item if local(child.tag) in ("category", "subject")],
        summary=description if content else "",
        summary_only=not content and not _holds_article(description),
    )


def _atom_draft(entry: ET.Element, *, source: str, language: str) -> Draft:
    content = next(iter(_children(entry, "content")), None)
    summary = next(iter(_children(entry, "summary")), None)
    body = _atom_content(content) if content is not None else ""
    summary_text = _atom_content(summary) if summary is not None else ""
    links = [link for link in _children(entry, "link") if link.get("rel", "alternate") == "alternate"]
    date_text = _text(entry, "published", "updated")
    authors = [_text(author, "name") for author in _children(entry, "author")]
    return Draft(
        body_html=body_to_html(body.strip() or summary_text),
        title=_text(entry, "title"),
        published_at=parse_date(date_text) if date_text else None,
        date_text=date_text,
        source_name=source,
        original_url=(links[0].get("href") or "") if links else "",
        author=", ".join(filter(None, authors)),
        language=entry.get(_XML_LANG) or language,
        topics=[child.get("term") or child.get("label") or "" for child in _children(entry, "category")],
        summary=summary_text if body.strip() else "",
        summary_only=not body.strip() and not _holds_article(summary_text),
    )


def parse_feed(text: str) -> list[tuple[Draft, str]]:
    """Each item's draft with the label its failures are reported under ("feed item 2")."""
    root = _parse_xml(text)
    kind = local(root.tag)
    if kind == "feed":
        source, language = _text(root, "title"), root.get(_XML_LANG) or ""
        entries = _children(root, "entry")
        drafts = [_atom_draft(entry, source=source, language=language) for entry in entries]
    elif kind in ("rss", "RDF"):
        channel = next(iter(_children(root, "channel")), root)
        source, language = _text(channel, "title"), _text(channel, "language")
        items = _children(channel, "item") + (_children(root, "item") if kind == "RDF" else [])
        drafts = [_rss_draft(item, source=source, language=language) for item in items]
    else:
        raise ImportFailure(f"not an RSS or Atom feed (the root element is <{kind}>)")
    if not drafts:
        raise ImportFailure("no items in the feed")
    return [(draft, f"feed item {number}") for number, draft in enumerate(drafts, start=1)]
