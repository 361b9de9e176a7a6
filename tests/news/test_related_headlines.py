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
    "“Harbour Lights” Leads the Weekend Box Office",
    "Gwangju Animation Week Shows New Korean Studios",
    "“Paper Moon” Gives the Ghost Story a Gentle Turn",
)
# Shaped like a news page copied out of a browser: no title line, no date, and the site's list of its
# other articles at the end (our own words, as every fixture here).
NEWS_PAGE = (
    "An animated love story about two young people in a Seoul of the 2050s reaches Netflix at the end of May. "
    "One of them trains for a mission to Mars, the other mends old record players.\n"
    "Han Ji-won, who directed it, calls the city's night streets and small shops the heart of the film.\n"
    "The story weighs a dream of space against the people who stay behind on the ground.\n"
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
    festival = f.topic(name="Gwangju Animation Week Shows New Korean Studios")
    import_data(name="page.txt", data=NEWS_PAGE.encode(), options=ImportOptions())
    article = Article.objects.get()
    assert not article.topics.exists() and Topic.objects.get() == festival
    assert [(s.topic, s.reason) for s in suggest(article)] == [(festival, "listed as related in the imported file")]
    page = admin_client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "Related headlines" in page and "Leads the Weekend Box Office" in page


def test_a_second_import_of_the_page_is_unchanged():
    import_data(name="page.txt", data=NEWS_PAGE.encode(), options=ImportOptions())
    again = import_data(name="page.txt", data=NEWS_PAGE.encode(), options=ImportOptions())
    assert again.outcome == Outcome.UNCHANGED
