"""Topics suggested for imported articles that have none: offered to editors, applied only by them."""

import json

import pytest
from django.urls import reverse

from catalog.models import Person
from news.importer.reports import ImportOptions
from news.importer.runs import import_paths
from news.models import Article, TopicSuggestion
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
    offered = {s.topic: s.reason for s in TopicSuggestion.objects.filter(article=article)}
    assert offered[release] == "named in the text"
    assert offered[music] == f"often filed with {singer.name}"
    assert busan not in offered
    ordered = [s.topic for s in TopicSuggestion.objects.filter(article=article)]
    assert ordered.index(release) < ordered.index(music)  # named outranks filed-beside


def test_an_article_that_came_with_topics_gets_no_suggestions(tmp_path):
    f.topic("Release")
    imported(tmp_path, "Filed", "<p>The release date is set.</p>", ["Trailer"])
    assert not TopicSuggestion.objects.exists()


def test_an_editor_adds_a_suggested_topic_in_one_click_or_turns_it_down(admin_client, tmp_path):
    release, trailer = f.topic("Release"), f.topic("Trailer")
    article = imported(tmp_path, "New", "<p>The trailer and the release date came out on Monday.</p>")
    page = admin_client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "Suggested topics" in page and "named in the text" in page
    by_topic = {s.topic: s for s in TopicSuggestion.objects.filter(article=article)}
    url = reverse("admin:news_article_suggested_topic", args=[article.pk, by_topic[release].pk])
    assert f'formaction="{url}"' in page
    assert admin_client.get(url).status_code == 403  # only by POST
    response = admin_client.post(url, {"accept": "1"}, follow=True)
    assert "Filed under “Release”." in response.content.decode()
    assert list(article.topics.all()) == [release]
    assert article.history.first().topics.filter(topic=release).exists()  # a change like any other
    admin_client.post(
        reverse("admin:news_article_suggested_topic", args=[article.pk, by_topic[trailer].pk]), {"dismiss": "1"}
    )
    assert list(article.topics.all()) == [release] and not TopicSuggestion.objects.exists()


def test_a_suggestion_the_article_already_has_is_not_offered(admin_client, tmp_path):
    release = f.topic("Release")
    article = imported(tmp_path, "New", "<p>The release date came out on Monday.</p>")
    article.topics.add(release)  # filed by hand meanwhile
    page = admin_client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "named in the text" not in page
