"""JSON-LD of an article's page: schema.org NewsArticle, parsed back from the page."""

import pytest

from tests.pages import json_ld

pytestmark = pytest.mark.django_db


def test_article_page_is_a_news_article(world, page):
    article = json_ld(page("/news/teaser/"))["NewsArticle"]
    assert article["headline"] == "First teaser arrives"
    assert article["alternativeHeadline"] == "A pink sky over Seoul"
    assert article["datePublished"].startswith("2025-04-30T09:00:00")
    assert article["author"] == {"@type": "Person", "name": "A. Writer"}
    assert article["publisher"] == {"@type": "Organization", "name": "Starlight Desk"}
    assert article["inLanguage"] == "en"
    assert article["keywords"] == ["Music", "Release"]  # its topics
    assert {
        "@type": "Movie",
        "name": "Lost in Starlight",
        "url": "http://testserver/films/lost-in-starlight/",
    } in article["about"]
