"""Language of parts (WCAG 2.2, 3.1.2): on every public page, text in another language than the page's
is marked with `lang`. Hangul on an English page sits inside `lang="ko"`; on a Korean page, a content
field shown in English for want of its Korean sits inside `lang="en"`."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import NavigableString

from catalog.models import Character, Film, Person, Song
from news.models import Article, Language, Topic
from tests.pages import soup

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# Addresses that are not pages, or pages of another kind than the public site's.
NOT_WALKED = re.compile(r"^/(ko/)?(admin|api|static|media|news/feed|search/suggest)/|\.xml$|\.txt$")
SEARCHES = ["/search/?q=kim", "/search/?q=김태리", "/search/?q=bon+voyage", "/news/?q=teaser&topic=release"]


def public_pages(client, prefix: str) -> dict[str, object]:
    """Every page reached by following the site's own links from its home, and a few searches."""
    found, queue = {}, [f"{prefix}/", *(f"{prefix}{search}" for search in SEARCHES)]
    while queue:
        url = queue.pop()
        if url in found:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        found[url] = page = soup(response)
        for link in page.find_all("a", href=True):
            parts = urlsplit(link["href"])
            path = parts.path
            if parts.netloc or not path.startswith(f"{prefix}/") or NOT_WALKED.search(path):
                continue
            if prefix == "" and path.startswith("/ko/"):
                continue
            queue.append(path)
    return found


def language_of(node) -> str:
    element = node.parent
    while element is not None and not element.get("lang"):
        element = element.parent
    return element.get("lang", "") if element is not None else ""


def shown_texts(page):
    body = page.body
    for node in body.find_all(string=True):
        if isinstance(node, NavigableString) and node.parent.name not in ("script", "style", "template"):
            if node.strip():
                yield node


def english_only_fields() -> set[str]:
    """The values of every content field with an empty Korean twin: what a Korean page shows in English."""
    values = set()
    for model in (Film, Person, Character, Song, Topic):
        twins = [f.name[:-3] for f in model._meta.fields if f.name.endswith("_ko")]
        for row in model.objects.all():
            for field in twins:
                value = str(getattr(row, field, "") or "")
                if len(value) > 3 and not getattr(row, f"{field}_ko"):
                    values.add(value.split("\n")[0])
    for article in Article.objects.filter(language=Language.ENGLISH):
        values.add(article.title)
    return values


def test_no_hangul_outside_lang_ko_on_english_pages(world, client):
    unmarked = {}
    for url, page in public_pages(client, "").items():
        assert page.html["lang"] == "en"
        for node in shown_texts(page):
            if HANGUL.search(node) and language_of(node) != "ko":
                unmarked.setdefault(url, []).append(node.strip())
    assert unmarked == {}


def test_english_content_on_korean_pages_is_marked_lang_en(world, client):
    english = english_only_fields()
    unmarked = {}
    for url, page in public_pages(client, "/ko").items():
        assert page.html["lang"] == "ko"
        for node in shown_texts(page):
            text = node.strip()
            if text in english and language_of(node) != "en":
                unmarked.setdefault(url, []).append(text)
    assert unmarked == {}


@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_no_name_is_followed_by_a_second_pair_of_parentheses(world, client, prefix):
    """“V (뷔) (performer, V's version)” reads as a stammer: what follows a name in two scripts is set apart
    another way."""
    doubled = {}
    for url, page in public_pages(client, prefix).items():
        for element in page.body.find_all(["p", "li", "dd", "td", "th", "h1", "h2", "h3", "figcaption"]):
            text = " ".join(element.get_text().split())
            if re.search(r"\)\s*\(", text):
                doubled.setdefault(url, []).append(text)
    assert doubled == {}
