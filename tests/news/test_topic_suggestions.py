"""Topics suggested for imported articles that have none: offered to editors, applied only by them."""

import json

import pytest
from django.urls import reverse

from catalog.models import Person
from news.importer.reports import ImportOptions
from news.importer.runs import import_paths
from news.models import Article, DeclinedTopic
from news.topic_suggestions import suggest
from tests import factories as f

pytestmark = pytest.mark.django_db


def imported(tmp_path, title, body, topics=()):
    (tmp_path / f"{title}.json").write_text(
        json.dumps({"title": title, "date": "2025-05-20", "body": body, "topics": list(topics)})
    )
    import_paths([tmp_path / f"{title}.json"], options=ImportOptions(publish=True))
    return Article.objects.get(title=title)


def test_a_topic_named_in_the_text_and_topics_filed_beside_the_same_people_are_suggested(tmp_path):
    release, music, busan = f.topic("Release"), f.topic("Soundtrack"), f.topic("Busan festival")
    f.topic("Unrelated")
    singer = Person.objects.create(name="Park Seo-yeon", slug="park-seo-yeon", status="published")
    for number in range(2):  # two articles already file the singer under the soundtrack
        body = f"<p>Park Seo-yeon sings the closing song of the film, part {number}.</p>"
        imported(tmp_path, f"Older {number}", body, ["Soundtrack"])
    article = imported(
        tmp_path,
        "New",
        "<p>The film's release date was announced, and Park Seo-yeon will sing at the premiere in Seoul.</p>",
    )
    assert list(article.topics.all()) == []  # nothing is applied by itself
    offered = [(s.topic, s.reason) for s in suggest(article)]
    assert offered == [(release, "named in the text"), (music, f"often filed with {singer.name}")]
    assert busan not in [topic for topic, _reason in offered]


def test_an_article_with_topics_is_offered_none(tmp_path):
    f.topic("Release")
    article = imported(tmp_path, "Filed", "<p>The release date is set.</p>", ["Trailer"])
    assert suggest(article) == []


def test_an_editor_adds_a_suggested_topic_in_one_click_or_turns_one_down_for_good(admin_client, tmp_path):
    release, trailer = f.topic("Release"), f.topic("Trailer")
    article = imported(tmp_path, "New", "<p>The trailer and the release date came out on Monday.</p>")
    change = reverse("admin:news_article_change", args=[article.pk])
    page = admin_client.get(change).content.decode()
    assert "Suggested topics" in page and "named in the text" in page
    decline = reverse("admin:news_article_suggested_topic", args=[article.pk, trailer.pk])
    assert f'formaction="{decline}"' in page
    assert admin_client.get(decline).status_code == 403  # only by POST
    admin_client.post(decline, {"decline": "1"})
    assert DeclinedTopic.objects.filter(article=article, topic=trailer).exists()
    assert [s.topic for s in suggest(article)] == [release]

    accept = reverse("admin:news_article_suggested_topic", args=[article.pk, release.pk])
    response = admin_client.post(accept, {"accept": "1"}, follow=True)
    assert "Filed under “Release”." in response.content.decode()
    assert list(article.topics.all()) == [release]
    assert article.history.first().topics.filter(topic=release).exists()  # a change like any other
    assert "named in the text" not in admin_client.get(change).content.decode()  # it has a topic now


def test_an_editor_makes_a_topic_of_a_term_its_wordpress_file_suggested(admin_client, contributor_client, tmp_path):
    from tests.news.wxr import Post, export

    path = tmp_path / "export.xml"
    terms = [("post_tag", "busan-2025", "Busan 2025"), ("post_tag", "premiere", "Premiere")]
    path.write_text(export(Post(7, "Busan", "The film opens the festival.", terms=terms).xml()))
    import_paths([path], options=ImportOptions())
    article = Article.objects.get()
    assert article.suggested_topic_names == ["Busan 2025", "Premiere"] and not article.topics.exists()
    f.topic("premiere")  # made since, in another spelling: no longer offered
    make = reverse("admin:news_article_topic_from_file", args=[article.pk])
    page = admin_client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert f'formaction="{make}"' in page and 'value="Busan 2025"' in page and 'value="Premiere"' not in page
    assert admin_client.get(make).status_code == 403  # only by POST
    assert contributor_client.post(make, {"name": "Busan 2025"}).status_code == 403
    admin_client.post(make, {"name": "Anything else"})
    assert not article.topics.exists()  # only the names its file gave
    response = admin_client.post(make, {"name": "Busan 2025"}, follow=True)
    assert "Filed under “Busan 2025”." in response.content.decode()
    assert [topic.name for topic in article.topics.all()] == ["Busan 2025"]
