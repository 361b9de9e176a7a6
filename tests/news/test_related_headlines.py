"""Headlines listed under "Related Topics" at the end of a copied news page stay headlines: kept for
editors, offered as a topic only when one of the site's topics has that name, never made public topics."""

import pytest
from django.urls import reverse
from django.utils.text import slugify

from news.importer.reports import ImportOptions, Outcome
from news.importer.saving import import_data
from news.models import Article, Topic
from news.topic_suggestions import suggest
from tests import factories as f

pytestmark = pytest.mark.django_db

HEADLINES = (
    "“Yadang: The Snitch” Tops Korean Box Office",
    "Busan International Film Festival Showcases Korean Cinema",
    "“Sleep” Shakes Up Korean Horror with a Playful Twist",
)
# Shaped like a news page copied out of a browser: no title line, no date, and the site's list of its
# other articles at the end.
NEWS_PAGE = (
    "Netflix’s first Korean original animated film, Lost Starlight, is set to premiere on May 30. The film is "
    "set in 2050 and tells the story of an astronaut who dreams of landing on Mars.\n"
    "Director Han Ji-won said the film is a love letter to Seoul, its repair shops and its night sky.\n"
    "Lost Starlight blends futuristic science fiction with deep emotional themes of love and ambition.\n"
    "Related Topics\n" + "\n".join(HEADLINES) + "\n"
)


def test_related_headlines_create_no_topic_and_no_topic_page(client):
    report = import_data(name="page.txt", data=NEWS_PAGE.encode(), options=ImportOptions(publish=True))
    assert report.outcome == Outcome.CREATED
    assert not Topic.objects.exists()
    article = Article.objects.get()
    assert article.related_headlines.splitlines() == list(HEADLINES)
    assert "Box Office" not in article.body and "Related Topics" not in article.body
    for headline in HEADLINES:
        address = reverse("news:topic-detail", args=[slugify(headline, allow_unicode=True)])
        assert client.get(address).status_code == 404
    assert "Box Office" not in client.get(article.get_absolute_url()).content.decode()


def test_a_headline_naming_a_topic_is_offered_as_that_topic_and_not_filed(admin_client):
    festival = f.topic(name="Busan International Film Festival Showcases Korean Cinema")
    import_data(name="page.txt", data=NEWS_PAGE.encode(), options=ImportOptions())
    article = Article.objects.get()
    assert not article.topics.exists() and Topic.objects.get() == festival
    assert [(s.topic, s.reason) for s in suggest(article)] == [(festival, "listed as related in the imported file")]
    page = admin_client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "Related headlines" in page and "Tops Korean Box Office" in page


def test_a_second_import_of_the_page_is_unchanged():
    import_data(name="page.txt", data=NEWS_PAGE.encode(), options=ImportOptions())
    again = import_data(name="page.txt", data=NEWS_PAGE.encode(), options=ImportOptions())
    assert again.outcome == Outcome.UNCHANGED
