"""News on Korean pages: topics by their Korean name and description, English words marked lang="en"."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.pages import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    music = f.topic(
        "Music",
        name_ko="음악",
        description="The soundtrack and who sings it.",
        description_ko="영화의 노래와 그 노래를 부른 사람들.",
    )
    cast = f.topic("Cast", name_ko="출연진", description="The voices behind the characters.")
    reviews = f.topic("Reviews", description="What critics made of it.")
    f.article(title="Bon Voyage, the theme", topics=[music, cast, reviews])
    return {"music": music, "cast": cast, "reviews": reviews}


def test_korean_topic_page_shows_the_korean_description_and_name(client, topics):
    doc = soup(client.get("/ko/news/topics/music/"))
    intro = doc.select_one(".page-intro")
    assert (intro.text, intro.get("lang")) == ("영화의 노래와 그 노래를 부른 사람들.", None)
    assert doc.select_one(".breadcrumbs [aria-current=page]").text == "음악"
    assert doc.find("meta", attrs={"name": "description"})["content"] == "영화의 노래와 그 노래를 부른 사람들."


def test_korean_topic_page_marks_the_english_description(client, topics):
    intro = soup(client.get("/ko/news/topics/cast/")).select_one(".page-intro")
    assert (intro.text, intro.get("lang")) == ("The voices behind the characters.", "en")
    english = soup(client.get("/news/topics/music/"))
    intro = english.select_one(".page-intro")
    assert (intro.text, intro.get("lang")) == ("The soundtrack and who sings it.", None)
    assert english.select_one(".breadcrumbs [aria-current=page]").text == "Music"


def test_news_topic_menu_names_topics_in_the_page_language(client, topics):
    def menu(url):
        return [option.text for option in soup(client.get(url)).select("select[name=topic] option")][1:]

    assert menu("/ko/news/") == ["Reviews", "음악", "출연진"]  # Reviews has no Korean name yet
    assert menu("/news/") == ["Cast", "Music", "Reviews"]


def test_korean_topic_feed_is_titled_in_korean(client, topics):
    response = client.get(reverse("news:topic-feed", kwargs={"slug": "music"}).replace("/news/", "/ko/news/", 1))
    assert response.status_code == 200
    assert "<title>이 별에 필요한: 음악</title>" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "on_korean_page", "on_english_page"), [("en", "en", None), ("ko", None, "ko"), ("other", "und", "und")]
)
def test_an_article_breadcrumb_says_the_language_of_its_title(client, language, on_korean_page, on_english_page):
    article = f.article(title="Bon Voyage, the theme", slug="bon-voyage-theme", language=language)
    english = article.get_absolute_url()
    crumb = soup(client.get(f"/ko{english}")).select_one(".breadcrumbs [aria-current=page]")
    assert (crumb.text, crumb.get("lang")) == ("Bon Voyage, the theme", on_korean_page)
    crumb = soup(client.get(english)).select_one(".breadcrumbs [aria-current=page]")
    assert crumb.get("lang") == on_english_page
