"""sitemap.xml: every public page in both languages, each with its last change, and nothing hidden."""

import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("s:url", NS):
        path = unquote(urlsplit(url.find("s:loc", NS).text).path)
        lastmod = url.find("s:lastmod", NS)
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        entries[path] = (lastmod.text if lastmod is not None else None, alternates)
    return entries


def test_every_public_page_is_listed_in_both_languages_with_its_last_change(world, client):
    entries = sitemap(client)
    pages = [
        "/",
        "/films/",
        "/people/",
        "/songs/",
        "/news/",
        "/films/lost-in-starlight/",
        "/people/kim-tae-ri/",
        "/people/han-ji-won/",
        "/people/park-composer/",
        "/songs/bon-voyage/",
        "/news/teaser/",
        "/news/김태리-난영/",
        "/news/topics/release/",
        "/news/topics/cast/",
    ]
    for path in pages:
        for listed in (path, "/ko" + path):
            assert listed in entries, f"{listed} missing from the sitemap"
            lastmod, alternates = entries[listed]
            assert lastmod, f"{listed} has no lastmod"
            assert set(alternates) == {"en", "ko", "x-default"}


def test_nothing_unpublished_is_listed(world, client):
    entries = sitemap(client)
    for hidden in vars(world.hidden).values():
        path = hidden.get_absolute_url()
        assert path not in entries and "/ko" + path not in entries, f"{path} is not published"
    assert not [path for path in entries if "secret" in path or "future" in path or "hidden" in path]


def test_a_topic_is_listed_only_while_it_has_a_published_article(world, client):
    teaser = world.articles.teaser
    teaser.status = "draft"
    teaser.save()
    entries = sitemap(client)
    assert "/news/topics/release/" not in entries  # its one published article went back to draft
    assert "/news/topics/cast/" in entries
