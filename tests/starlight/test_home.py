"""The home page's latest news: the newest articles by the date they show, the page's language first."""

import pytest

from news.models import Language
from tests import factories as f
from tests.pages import soup

pytestmark = pytest.mark.django_db


def cards(client, url) -> list[tuple[str, str]]:
    """Each card's title and language (its own `lang`, else the page's)."""
    page = soup(client.get(url))
    language = page.html["lang"]
    return [(a.get_text(), a.get("lang", language)) for a in page.select(".card__title a")]


def in_language_order(listed, language) -> list:
    return sorted(listed, key=lambda card: card[1] != language)  # stable: newest first within each


@pytest.mark.parametrize("prefix, language", [("", "en"), ("/ko", "ko")])
def test_the_latest_news_is_the_first_of_the_news_list_in_the_pages_language_order(world, client, prefix, language):
    # Newer than every article of the world, and none mentions the film.
    for day in (1, 2, 5, 6, 7, 8, 9):
        f.article(title=f"Unrelated news of day {day}", dated=f.days_ago(day / 10))
    latest = cards(client, f"{prefix}/")
    listed = cards(client, f"{prefix}/news/")
    assert len(latest) == 6
    assert latest == in_language_order(listed, language)[:6]


def test_a_korean_article_leads_the_korean_home(world, client):
    for day in range(8):
        f.article(title=f"English news {day}", dated=f.days_ago(day / 10))
    assert cards(client, "/ko/")[0] == (world.articles.korean.title, "ko")
    assert (world.articles.korean.title, "ko") not in cards(client, "/")


def test_articles_in_other_languages_fill_the_korean_home(world, client):
    f.article(title="Nouvelles", language=Language.OTHER, dated=f.days_ago(0.1))
    titles = [title for title, _language in cards(client, "/ko/")]
    assert titles[0] == world.articles.korean.title
    assert titles[1] == "Nouvelles"
