"""The same story from several places: near-duplicates flagged on import, merged by an editor in one
click, and never shown twice in a related list."""

import json

import pytest
from django.urls import reverse

from news import duplicates
from news.importer.reports import ImportOptions
from news.importer.runs import import_paths
from news.models import Article, PossibleDuplicate
from news.related import related_articles
from tests import factories as f

pytestmark = pytest.mark.django_db

STORY = (
    "The animated feature follows a young astronaut who leaves Seoul for a mission to Mars, and the musician "
    "she leaves behind in a record shop full of old turntables. The director spent five years on the film, "
    "drawing the city by hand and recording the score with a string orchestra. Critics praised the colours of "
    "the night scenes and the way the two leads talk across the distance, one letter and one song at a time. "
    "The voice cast includes two of the country's best known actors, and the soundtrack features a new song "
    "written for the ending. The film opens in select theaters before it streams worldwide at the end of May."
)
EDITED = (
    STORY.replace("young astronaut", "young scientist")
    .replace("five years", "six years")
    .replace("Critics praised", "Reviewers loved")
    + " Tickets go on sale this week."
)
OTHER = (
    "A festival in Busan announced its programme on Tuesday, with a retrospective of stop-motion shorts, three "
    "premieres from first-time directors and a workshop for students who want to learn how to storyboard. The "
    "organisers said the festival will run for ten days in October, with outdoor screenings on the beach when "
    "the weather allows, and a new prize for the best sound design in an animated short film this year."
)


def files(tmp_path, **bodies):
    for name, (url, body) in bodies.items():
        (tmp_path / f"{name}.json").write_text(
            json.dumps({"title": name.replace("-", " ").title(), "url": url, "date": "2025-05-20", "body": body})
        )
    return tmp_path


def test_lightly_edited_copies_are_near_and_other_stories_far():
    assert duplicates.similarity(STORY, STORY) == 1.0
    assert 0.6 <= duplicates.similarity(STORY, EDITED) < 1.0
    assert duplicates.similarity(STORY, OTHER) < 0.05
    assert duplicates.sketch("Too short to judge.") == []


def test_an_imported_copy_of_a_story_is_flagged_with_its_similarity_and_sent_for_review(tmp_path):
    first = tmp_path / "one"
    first.mkdir()
    import_paths([files(first, original=("https://wire.example/story", STORY))], options=ImportOptions(publish=True))
    second = tmp_path / "two"
    second.mkdir()
    files(second, syndicated=("https://paper.example/copy", EDITED), unrelated=("https://paper.example/busan", OTHER))
    summary = import_paths([second], options=ImportOptions(publish=True))
    assert summary.count("created") == 2  # nothing is dropped
    flag = PossibleDuplicate.objects.get()
    assert flag.article.title == "Syndicated" and flag.of.title == "Original"
    assert flag.similarity == pytest.approx(duplicates.similarity(STORY, EDITED), abs=0.001)
    copy = Article.objects.get(title="Syndicated")
    assert copy.needs_review and copy.review_reason.startswith("possible duplicate of “Original” (")
    reported = [article.needs_review for report in summary.files for article in report.articles]
    assert any(reason.startswith("possible duplicate of “Original”") for reason in reported)
    assert not Article.objects.get(title="Unrelated").needs_review


def test_two_copies_in_one_import_are_flagged_too(tmp_path):
    files(tmp_path, original=("https://wire.example/a", STORY), syndicated=("https://paper.example/b", EDITED))
    import_paths([tmp_path], options=ImportOptions(publish=True))
    assert PossibleDuplicate.objects.get().of.title == "Original"


@pytest.fixture
def pair(tmp_path):
    wire = f.source(name="Wire")  # "Paper" is new to the site: its file takes the one-by-one path
    files(tmp_path, original=("https://wire.example/a", STORY))
    import_paths([tmp_path], options=ImportOptions(publish=True, source="Wire"))
    copy_file = tmp_path / "copy"
    copy_file.mkdir()
    files(copy_file, syndicated=("https://paper.example/b", EDITED))
    report = import_paths([copy_file], options=ImportOptions(publish=True, source="Paper")).files[0]
    assert report.articles[0].needs_review.startswith("possible duplicate of “Original”")  # said at once
    original, copy = Article.objects.get(source=wire), Article.objects.get(source__name="Paper")
    return original, copy, copy_file


def test_the_article_page_in_the_admin_offers_to_compare_and_merge(admin_client, pair):
    original, copy, _folder = pair
    html = admin_client.get(reverse("admin:news_article_change", args=[copy.pk])).content.decode()
    assert "Possibly the same story as" in html and "of the text in common" in html
    compare = reverse("admin:news_article_same_story", args=[copy.pk, original.pk])
    assert compare in html
    listed = admin_client.get(reverse("admin:news_article_changelist") + "?same_story=possible").content.decode()
    assert "Possible duplicate" in listed and "Syndicated" in listed and "Original" in listed
    page = admin_client.get(compare).content.decode()
    assert "Keep this one, merge the other into it" in page and "Not the same story" in page


def test_a_merge_keeps_one_article_records_the_other_and_nothing_publishes_the_copy_again(admin_client, client, pair):
    original, copy, copy_folder = pair
    compare = reverse("admin:news_article_same_story", args=[copy.pk, original.pk])
    response = admin_client.post(compare, {"keep": str(original.pk)})
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.merged_into == original and copy.status == "draft"
    assert not PossibleDuplicate.objects.exists()

    page = client.get(original.get_absolute_url()).content.decode()
    assert "Also published by" in page and 'href="https://paper.example/b"' in page and ">Paper</a>" in page
    moved = client.get(copy.get_absolute_url())
    assert moved.status_code == 301 and moved["Location"] == original.get_absolute_url()

    # The copy's source sends it again, asked to publish: it stays merged and off the site.
    again = import_paths([copy_folder], options=ImportOptions(publish=True, source="Paper"))
    copy.refresh_from_db()
    assert again.count("unchanged") == 1 and copy.status == "draft" and copy.merged_into == original
    overwrite = import_paths([copy_folder], options=ImportOptions(publish=True, source="Paper", overwrite=True))
    copy.refresh_from_db()
    assert overwrite.failed == 0 and copy.status == "draft"


def test_separating_a_merge_and_saying_two_articles_differ(admin_client, pair):
    original, copy, _folder = pair
    admin_client.post(reverse("admin:news_article_same_story", args=[copy.pk, original.pk]), {"keep": str(original.pk)})
    admin_client.post(reverse("admin:news_article_same_story", args=[copy.pk, original.pk]), {"separate": "1"})
    copy.refresh_from_db()
    assert copy.merged_into is None and copy.status == "draft"

    duplicates.check([copy])  # flagged again, as an import or a save would
    admin_client.post(reverse("admin:news_article_same_story", args=[copy.pk, original.pk]), {"different": "1"})
    assert PossibleDuplicate.objects.get().dismissed
    copy.save()  # a later save does not raise it again
    assert PossibleDuplicate.objects.count() == 1 and not duplicates.open_flags().exists()


def test_only_those_who_may_publish_merge(client, pair):
    original, copy, _folder = pair
    writer = f.staff_user("writer", group="Contributors")
    client.force_login(writer)
    compare = reverse("admin:news_article_same_story", args=[copy.pk, original.pk])
    assert client.post(compare, {"keep": str(original.pk)}).status_code == 403
    copy.refresh_from_db()
    assert copy.merged_into is None


def test_related_articles_never_show_two_copies_of_one_story(pair):
    original, copy, _folder = pair
    topic = f.topic("Release")
    reader = f.article(title="What to watch", topics=[topic])
    for article in (original, copy):
        article.topics.add(topic)
    related = related_articles(reader)
    assert len([a for a in related if a.pk in (original.pk, copy.pk)]) == 1
    assert copy not in related_articles(original)
