"""Google Docs saved as a web page ("Download → Web page"): the HTML reader reads them once this has put
back what the export writes as styles: bold and italic are classes of spans, the Title and Subtitle
paragraphs are classes of paragraphs, and every link goes through a google.com redirect."""

import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from .documents import pictures_reason, take_dateline

_RULE = re.compile(r"\.(c\d+)\s*\{([^}]*)\}")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def is_google_doc(soup: BeautifulSoup) -> bool:
    body = soup.find("body")
    if isinstance(body, Tag) and "doc-content" in (body.get("class") or []):
        return True
    style = soup.find("style")
    return style is not None and ".lst-kix_" in style.get_text()


def _styled_classes(soup: BeautifulSoup) -> tuple[set[str], set[str]]:
    """The classes that make text bold, and those that make it italic, from the export's style sheet."""
    bold: set[str] = set()
    italic: set[str] = set()
    for style in soup.find_all("style"):
        for name, rule in _RULE.findall(style.get_text()):
            declarations = rule.replace(" ", "").lower()
            if re.search(r"font-weight:(?:bold|[6-9]00)", declarations):
                bold.add(name)
            if "font-style:italic" in declarations:
                italic.add(name)
    return bold, italic


def _emphasise(soup: BeautifulSoup) -> None:
    bold, italic = _styled_classes(soup)
    for span in soup.find_all("span", class_=True):
        if span.find_parent([*_HEADINGS, "title"]) or span.find_parent(class_=("title", "subtitle")):
            continue  # a heading's own style, not emphasis
        classes = set(span.get("class") or [])
        for tag, wanted in (("em", italic), ("strong", bold)):
            if classes & wanted:
                span.wrap(soup.new_tag(tag))


def _unwrap_redirects(soup: BeautifulSoup) -> None:
    """https://www.google.com/url?q=<the link>&sa=D… -> the link."""
    for link in soup.find_all("a", href=True):
        parts = urlsplit(link["href"])
        if parts.netloc in ("www.google.com", "google.com") and parts.path == "/url":
            target = parse_qs(parts.query).get("q", [""])[0]
            if target.startswith(("http://", "https://", "mailto:")):
                link["href"] = target


def _drop_comments(soup: BeautifulSoup) -> None:
    """Reviewers' comments: their markers in the text ("[a]") and the comments listed at the end."""
    for marker in soup.find_all("a", id=re.compile(r"^cmnt")):
        if marker.decomposed:
            continue
        if marker["id"].startswith("cmnt_ref"):
            (marker.find_parent("sup") or marker).decompose()
        else:
            (marker.find_parent("div") or marker.find_parent("p") or marker).decompose()


def prepare_google_doc(soup: BeautifulSoup) -> tuple[str, str, list[str]]:
    """Make the export read like an article page; returns its dateline, byline and review reasons."""
    _drop_comments(soup)
    _emphasise(soup)
    _unwrap_redirects(soup)
    title = soup.find("p", class_="title")
    if title is not None:
        title.name = "h1"
    pictures = len(soup.find_all("img"))
    date_text, author = take_dateline(soup.find("body") or soup)
    return date_text, author, [pictures_reason(pictures)] if pictures else []
