"""Web pages saved from a browser: metadata from the head, the body from the article element.

Metadata is read first, from the most to the least deliberate source (Open Graph and article meta tags,
JSON-LD, then the visible page). The body is then cut down to the article: site furniture (navigation,
headers, footers, share bars, related links, comments, ads) is removed before sanitising.
"""

import json
import re
import warnings

from bs4 import (
    BeautifulSoup,
    Comment,
    MarkupResemblesLocatorWarning,
    NavigableString,
    PageElement,
    Tag,
    XMLParsedAsHTMLWarning,
)

from common.text import clean_inline

from .article import Draft, ImportFailure, check_nesting
from .dates import parse_date
from .formats_gdocs import is_google_doc, prepare_google_doc
from .titles import same_text

# Pages are parsed as they are: one that is just a URL, or an XHTML page, is no mistake of ours.
warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

_FURNITURE_TAGS = (
    "nav",
    "header",
    "footer",
    "aside",
    "script",
    "style",
    "noscript",
    "form",
    "iframe",
    "svg",
    "button",
    "input",
    "select",
    "textarea",
    "template",
    "canvas",
    "video",
    "audio",
    "object",
    "embed",
    "dialog",
    "link",
    "meta",
)
_FURNITURE_WORDS = (
    "advert",
    "promo",
    "sponsor",
    "share",
    "sharing",
    "social",
    "related",
    "comment",
    "newsletter",
    "subscribe",
    "sidebar",
    "cookie",
    "byline",
    "breadcrumb",
    "popup",
    "modal",
    "paywall",
)
_AD_SEGMENT = re.compile(r"(?:^|[-_])(?:ad|ads|adslot|dfp)(?:$|[-_])")
_BLOCKS = ("p", "div", "section", "article", "ul", "ol", "table", "blockquote", "pre", "figure")
_BLOCKS += ("h1", "h2", "h3", "h4", "h5", "h6")
_TEXT_CONTAINERS = ("div", "section", "td", "th", "dd", "dt")
_TITLE_SEPARATOR = r"\s+(?:\||-|–|—|::|·|«|»)\s+"
_ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "Report", "AnalysisNewsArticle"}
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "parsely-pub-date",
    "sailthru.date",
)


def _meta(soup: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            found.setdefault(key.strip().lower(), []).append(clean_inline(content))
    return found


def _first(meta: dict[str, list[str]], *keys: str) -> str:
    return next((meta[key][0] for key in keys if key in meta), "")


def _name(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(filter(None, (_name(item) for item in value)))
    if isinstance(value, dict):
        value = value.get("name")
    return clean_inline(value) if isinstance(value, str) else ""


def _json_ld(soup: BeautifulSoup) -> dict[str, object]:
    """The first schema.org Article described in the page's JSON-LD, or {}."""
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except (ValueError, RecursionError):
            continue
        candidates = data if isinstance(data, list) else [data]
        candidates += [node for item in candidates if isinstance(item, dict) for node in item.get("@graph", [])]
        for item in candidates:
            kinds = item.get("@type") if isinstance(item, dict) else None
            kinds = {kinds} if isinstance(kinds, str) else set(kinds) if isinstance(kinds, list) else set()
            if {kind for kind in kinds if isinstance(kind, str)} & _ARTICLE_TYPES:
                return item
    return {}


def _strip_site_name(title: str, site: str) -> str:
    """The title without the site's name: "Headline | Site" (or "Site | Headline") -> "Headline"."""
    if not site:
        return title
    parts = re.split(_TITLE_SEPARATOR, title)
    if len(parts) > 1 and same_text(parts[-1], site):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·«»")
    if len(parts) > 1 and same_text(parts[0], site):
        return title[len(parts[0]) :].lstrip(" |-–—:·«»")
    return title


def _choose_root(soup: BeautifulSoup) -> Tag | BeautifulSoup:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda tag: len(tag.get_text(" ", strip=True)))
    return soup.find("main") or soup.find("body") or soup


def _is_furniture(tag: Tag) -> bool:
    if tag.name in ("html", "body"):
        return False
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    if "display:none" in str(tag.get("style", "")).replace(" ", "").lower():
        return True
    classes = tag.get("class") or []
    names = [*classes, tag.get("id") or ""] if isinstance(classes, list) else [str(classes)]
    for name in (str(name).lower() for name in names):
        if _AD_SEGMENT.search(name) or any(word in name for word in _FURNITURE_WORDS):
            return True
    return False


def _remove_furniture(root: Tag | BeautifulSoup) -> None:
    """Drop furniture elements, top down: what sits inside a dropped element is never looked at."""
    stack = [child for child in root.children if isinstance(child, Tag)]
    while stack:
        tag = stack.pop()
        if tag.name in _FURNITURE_TAGS or _is_furniture(tag):
            tag.decompose()
        else:
            stack.extend(child for child in tag.children if isinstance(child, Tag))


def _paragraphs_from_text_containers(root: Tag | BeautifulSoup) -> None:
    """Make <p>s of block containers that hold only text: the sanitiser strips <div>s and their breaks."""
    holds_block: set[int] = set()
    for tag in reversed(root.find_all(True)):  # children come before their parents
        if any(isinstance(child, Tag) and (child.name in _BLOCKS or id(child) in holds_block) for child in tag):
            holds_block.add(id(tag))
        elif tag.name in _TEXT_CONTAINERS and tag.get_text(strip=True):
            tag.name = "p"


def _clean(root: Tag | BeautifulSoup, *, title: str) -> None:
    _remove_furniture(root)
    for heading in root.find_all("h1"):
        if same_text(heading.get_text(" "), title):
            heading.decompose()
    for time in root.find_all("time"):
        if not time.find_parent(["p", "li", "blockquote"]):
            time.decompose()  # a dateline: the date is already read
    _paragraphs_from_text_containers(root)
    for container in [root, *root.find_all(("div", "section", "article", "main"))]:
        if container is root or any(isinstance(child, Tag) and child.name in _BLOCKS for child in container):
            _wrap_loose_inline(container)


def _wrap_loose_inline(container: Tag | BeautifulSoup) -> None:
    """Put text lying between blocks ("<div><p>…</p>loose text <a>link</a></div>") into its own <p>."""
    runs: list[list[PageElement]] = [[]]
    for child in container.children:
        if isinstance(child, Comment) or (isinstance(child, Tag) and child.name in (*_BLOCKS, "hr")):
            runs.append([])
        elif isinstance(child, NavigableString | Tag):
            runs[-1].append(child)
    for run in runs:
        if "".join(node.get_text() for node in run).strip():
            paragraph = Tag(name="p")
            run[0].insert_before(paragraph)
            for node in run:
                paragraph.append(node.extract())


def _take_subtitle(root: Tag | BeautifulSoup) -> str:
    """The text of an element classed as the subtitle ("standfirst", "dek"), removed from the body."""
    for tag in root.find_all(True, class_=True):
        classes = " ".join(tag.get("class") or []).lower()
        if re.search(r"subtitle|standfirst|subhead|(?:^|[\s_-])(?:dek|deck)(?:$|[\s_-])", classes):
            text = clean_inline(tag.get_text(" "))
            if 0 < len(text) <= 300:
                tag.decompose()
                return text
    return ""


def _date(soup: BeautifulSoup, root: Tag | BeautifulSoup, meta: dict[str, list[str]], ld: dict) -> str:
    given = _first(meta, *_DATE_META) or (ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else "")
    if given:
        return given
    for scope in (root, soup):
        time = scope.find("time")
        if time:
            value = time.get("datetime")
            return value if isinstance(value, str) and value.strip() else clean_inline(time.get_text(" "))
    return ""


def parse_html(text: str) -> Draft:
    check_nesting(text)
    if (cut := text.find("<", text.rfind(">") + 1)) >= 0:
        text = text[:cut]  # a file cut off inside a tag: the parser would keep the fragment as text
    try:
        soup = BeautifulSoup(text, "html.parser")
    except Exception as exc:  # the parser's own rejections (ParserRejectedMarkup and the like)
        raise ImportFailure(f"malformed HTML: {exc}"[:200]) from exc
    dateline, byline, reasons = prepare_google_doc(soup) if is_google_doc(soup) else ("", "", [])
    meta = _meta(soup)
    ld = _json_ld(soup)
    root = _choose_root(soup)
    site = _first(meta, "og:site_name", "application-name") or _name(ld.get("publisher"))
    h1 = root.find("h1") or soup.find("h1")
    title_tag = soup.find("title")
    title = (
        _first(meta, "og:title", "twitter:title")
        or (clean_inline(h1.get_text(" ")) if h1 else "")
        or (ld.get("headline") if isinstance(ld.get("headline"), str) else "")
        or (clean_inline(title_tag.get_text(" ")) if title_tag else "")
    )
    title = _strip_site_name(clean_inline(title), site)
    canonical = soup.find("link", rel="canonical")
    url = _first(meta, "og:url") or (canonical.get("href") if canonical else "") or ""
    author = _first(meta, "author", "article:author", "dc.creator", "parsely-author") or _name(ld.get("author"))
    if author.startswith(("http://", "https://")):
        author = _name(ld.get("author"))
    author = author or byline
    html_tag = soup.find("html")
    language = (html_tag.get("lang") if html_tag else "") or _first(meta, "content-language", "og:locale")
    date_text = _date(soup, root, meta, ld) or dateline
    topics = meta.get("article:tag", []) + [clean_inline(a.get_text(" ")) for a in soup.find_all("a", rel="tag")]
    subtitle = _take_subtitle(root)
    _clean(root, title=title)
    return Draft(
        body_html=root.decode_contents(),
        title=title,
        subtitle=subtitle if not same_text(subtitle, title) else "",
        published_at=parse_date(date_text) if date_text else None,
        date_text=date_text,
        source_name=site,
        original_url=url if isinstance(url, str) else "",
        author=author,
        language=language if isinstance(language, str) else "",
        topics=topics,
        summary=_first(meta, "og:description", "description", "twitter:description"),
        base_url=url if isinstance(url, str) else "",
        review_reasons=reasons,
    )
