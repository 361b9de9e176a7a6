"""sitemap.xml: an index of section pages listing every public page in both languages, each with its
last change (topic pages excepted), nothing hidden, in a fixed number of queries."""

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import pytest

from tests import factories as f
from tests.pages import render_queries

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def section_urls(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [unquote(urlsplit(loc.text).path) for loc in ET.fromstring(response.content).findall("s:sitemap/s:loc", NS)]


def sitemap(client):
    """Every <url> of every section page the index names, by path."""
    entries = {}
    for path in section_urls(client):
        response = client.get(path)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
        entries.update(urlset(response.content))
    return entries


def urlset(content: bytes) -> dict:
    entries = {}
    for url in ET.fromstring(content).findall("s:url", NS):
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
            assert lastmod or "/topics/" in listed, f"{listed} has no lastmod"
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


def test_the_index_and_its_pages_run_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    # A count per section (kept until the next change; three for articles and people: all rows less
    # drafts and scheduled ones, cheaper than counting the published) and the content version.
    assert render_queries(client, "/sitemap.xml") <= 10
    paths = section_urls(client)
    assert paths[0] == "/sitemap-pages-1.xml" and "/sitemap-articles-1.xml" in paths
    for path in paths:
        with django_assert_max_num_queries(4):  # the list pages read one last change per model
            assert client.get(path).status_code == 200


def test_a_long_section_is_cut_into_pages(world, client, monkeypatch):
    from pages import sitemaps

    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 2)
    paths = section_urls(client)
    article_pages = [path for path in paths if path.startswith("/sitemap-articles-")]
    assert len(article_pages) >= 2
    listed = [path for page in article_pages for path in urlset(client.get(page).content)]
    assert len(listed) == len(set(listed))
    assert client.get("/sitemap-articles-99.xml").status_code == 404
    assert client.get("/sitemap-nothing-1.xml").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_index_counts_again_after_a_change(client, monkeypatch):
    """Each section's count is kept until the content changes, then counted again."""
    from pages import sitemaps
    from tests import factories as f

    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 1)
    f.article(title="First")
    assert [p for p in section_urls(client) if p.startswith("/sitemap-articles-")] == ["/sitemap-articles-1.xml"]
    f.article(title="Second")
    pages = [p for p in section_urls(client) if p.startswith("/sitemap-articles-")]
    assert pages == ["/sitemap-articles-1.xml", "/sitemap-articles-2.xml"]


def test_each_section_counts_what_visitors_may_see(world):
    """The cheaper counts (all rows less drafts and scheduled ones) agree with the published rows,
    and a model whose visibility has rules of its own (a song needs its film) is counted by them."""
    from django.utils import timezone

    from starlight.sitemaps import SECTIONS

    f.draft(f.person, name="Not Yet Cast", slug="not-yet-cast")
    f.person(name="Cast Tomorrow", slug="cast-tomorrow", publish_at=timezone.now() + dt.timedelta(days=1))
    f.draft(f.article, title="Unfinished")
    for section in SECTIONS.values():
        assert section.count() == section.rows().count(), section.name
