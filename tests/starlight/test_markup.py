"""What a browser-free check can prove about every public page, in English and Korean: one h1,
the page language, landmarks and a skip link, alt text, labels, heading order, unique ids, canonical
and hreflang links, social cards, and nothing a strict Content-Security-Policy would block."""

import json

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from tests.pages import soup

pytestmark = pytest.mark.django_db

# Every public HTML page, by its address's name: (name, arguments, query string), each read in English
# and Korean. An address that cannot be reversed fails its test; every named address of the site is
# here or in NOT_PAGES (test_every_named_address_is_checked_or_said_why_not), so none drops out unseen.
PAGES = [
    ("home", {}, ""),
    ("catalog:film-list", {}, ""),
    ("catalog:film-detail", {"slug": "lost-in-starlight"}, ""),
    ("catalog:person-list", {}, ""),
    ("catalog:person-detail", {"slug": "kim-tae-ri"}, ""),
    ("catalog:song-list", {}, ""),
    ("catalog:song-detail", {"slug": "bon-voyage"}, ""),
    ("news:article-list", {}, ""),
    ("news:article-list", {}, "?q=teaser&topic=release"),
    ("news:article-detail", {"slug": "teaser"}, ""),
    ("news:article-detail", {"slug": "김태리-난영"}, ""),
    ("news:topic-detail", {"slug": "release"}, ""),
    ("search:search", {}, "?q=kim"),
]
# The named addresses that are no public HTML page, and why.
NOT_PAGES = {
    "healthz": "plain text for the load balancer",
    "robots": "robots.txt, plain text",
    "sitemap": "XML for search engines",
    "sitemap-section": "XML for search engines",
    "set_language": "the language switch's form target: answers POST with a redirect",
    "editorial:shared-preview": "a draft shown through a preview link an editor made: not public, never indexed",
    "news:feed-rss": "a feed: XML",
    "news:feed-atom": "a feed: XML",
    "news:person-feed": "a feed: XML",
    "news:topic-feed": "a feed: XML",
    "search:suggest": "JSON for the search box's suggestions",
}
NOT_PAGE_NAMESPACES = {
    "admin": "the newsroom's tool, behind a sign-in: not a public page",
    "api": "JSON for apps, checked against its OpenAPI document (tests/api); its docs page is that tool's own",
}


def both_languages(paths):
    return [pytest.param(path, "en", id=f"en:{path}") for path in paths] + [
        pytest.param("/ko" + path, "ko", id=f"ko:{path}") for path in paths
    ]


def address(name, kwargs, query, language) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs) + query


def named_addresses(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace)))
            if inner not in NOT_PAGE_NAMESPACES:
                yield from named_addresses(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


FIELD_SKIP = {"hidden", "submit", "button", "reset", "image"}


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize(
    ("name", "kwargs", "query"),
    [pytest.param(name, kwargs, query, id="/".join((name, *kwargs.values())) + query) for name, kwargs, query in PAGES],
)
def test_public_page(world, page, name, kwargs, query, language):
    url = address(name, kwargs, query, language)
    assert url.startswith("/ko/") == (language == "ko")
    doc = page(url)
    check_structure(doc, language)
    check_nothing_a_strict_csp_would_block(doc)
    check_canonical_hreflang_and_social_cards(doc, url, language)


def test_every_named_address_is_checked_or_said_why_not():
    checked = {name for name, _kwargs, _query in PAGES}
    assert not checked & set(NOT_PAGES)
    assert sorted(set(named_addresses())) == sorted(checked | set(NOT_PAGES))


def check_structure(doc, language):
    assert doc.html["lang"] == language
    assert len(doc.find_all("h1")) == 1, "exactly one h1"
    assert doc.title.get_text(strip=True)
    description = doc.find("meta", attrs={"name": "description"})
    assert description and description["content"].strip()

    # Landmarks and the skip link, which is the first thing a keyboard reaches.
    assert len(doc.find_all("main")) == 1 and doc.main.get("id") == "main"
    assert doc.find("header", class_="site-header") and doc.find("footer", class_="site-footer")
    for nav in doc.find_all("nav"):
        assert nav.get("aria-label") or nav.get("aria-labelledby"), "every nav is named"
    first_link = doc.body.find("a")
    assert first_link["href"] == "#main" and "skip-link" in first_link["class"]

    for image in doc.find_all("img"):
        assert image.has_attr("alt"), f"img without alt: {image}"
        assert image.get("width") and image.get("height"), "sized, so nothing shifts as it loads"

    for field in doc.find_all(["input", "select", "textarea"]):
        if field.name == "input" and field.get("type", "text") in FIELD_SKIP:
            continue
        named = field.get("aria-label") or field.get("aria-labelledby") or field.find_parent("label")
        if not named and field.get("id"):
            named = doc.find("label", attrs={"for": field["id"]})
        assert named, f"form field without a label: {field}"

    ids = [element["id"] for element in doc.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids are unique"

    levels = [int(heading.name[1]) for heading in doc.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1, "the h1 is the first heading"
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading levels skip from h{before} to h{after}"


def check_nothing_a_strict_csp_would_block(doc):
    assert not doc.find_all("style"), "no <style> element"
    for script in doc.find_all("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.string)  # data, not code
            continue
        assert script.get("src", "").startswith("/static/"), f"only the site's own script files: {script}"
        assert not (script.string or "").strip(), "no inline code"
    for element in doc.find_all(True):
        assert "style" not in element.attrs, f"style attribute on {element.name}"
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, f"inline event handler {handlers} on {element.name}"
    for link in doc.find_all("a", href=True):
        assert not link["href"].lower().startswith("javascript:")


def check_canonical_hreflang_and_social_cards(doc, url, language):
    path = url.split("?")[0]
    english_path = path.removeprefix("/ko")
    canonical = doc.find_all("link", rel="canonical")
    assert len(canonical) == 1
    assert canonical[0]["href"].startswith(f"http://testserver{path}")
    alternates = {link["hreflang"]: link["href"] for link in doc.find_all("link", rel="alternate", hreflang=True)}
    assert alternates["en"].startswith(f"http://testserver{english_path}")
    assert alternates["ko"].startswith(f"http://testserver/ko{english_path}")
    assert alternates["x-default"] == alternates["en"]
    properties = {meta["property"]: meta["content"] for meta in doc.find_all("meta", property=True)}
    names = {meta["name"]: meta["content"] for meta in doc.find_all("meta", attrs={"name": True})}
    assert properties["og:title"] and properties["og:description"] and properties["og:site_name"] == "Starlight"
    assert properties["og:url"] == canonical[0]["href"]
    assert properties["og:locale"] == {"en": "en_US", "ko": "ko_KR"}[language]
    assert names["twitter:card"] in {"summary", "summary_large_image"}


def test_canonical_keeps_the_page_and_query_but_not_the_filters(world, page):
    doc = page("/news/?q=teaser&topic=release&source=&page=1")
    assert doc.find("link", rel="canonical")["href"] == "http://testserver/news/?q=teaser"


@pytest.mark.parametrize(
    ("url", "og_type"), [("/films/lost-in-starlight/", "video.movie"), ("/news/teaser/", "article")]
)
def test_pages_with_a_picture_share_it(world, page, url, og_type):
    doc = page(url)
    properties = {meta["property"]: meta["content"] for meta in doc.find_all("meta", property=True)}
    assert properties["og:type"] == og_type
    if url.startswith("/films/"):
        assert properties["og:image"].startswith("http://testserver/media/")
        assert properties["og:image:alt"] == "The poster"
        assert doc.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"


@pytest.mark.parametrize(("url", "language"), both_languages(["/no/such/page/", "/news/no-such-article/"]))
def test_the_404_page_is_a_proper_page_in_its_language(db, client, url, language):
    response = client.get(url)
    assert response.status_code == 404
    doc = soup(response)
    assert doc.html["lang"] == language
    assert len(doc.find_all("h1")) == 1
    assert not doc.find("link", rel="canonical"), "no canonical address for a page that is not there"
    switch = doc.find("form", class_="lang-switch-form")
    english = url.removeprefix("/ko")
    assert switch.find("input", attrs={"name": "next"})["value"] == ("/ko" + english if language == "en" else english)


def test_draft_previews_are_not_indexed(world, admin_client):
    hidden = world.hidden.draft_person
    doc = soup(admin_client.get(hidden.get_absolute_url()))
    assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex"
