"""Every change is a revision (who, when, what) and an editor can restore an earlier one."""

import pytest
from django.urls import reverse

from catalog.models import Person
from tests import factories as f
from tests.pages import soup

from .forms import change_form_data

pytestmark = pytest.mark.django_db


def edit(client, obj, **changes):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = client.post(url, change_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    obj.refresh_from_db()
    return obj


def test_a_change_is_kept_with_its_author_and_shown_as_a_diff(editor_client, editor):
    person = f.person(name="Hong Kyung", bio="Actor.")
    edit(editor_client, person, bio="Actor and voice of Jay.")
    latest = person.history.first()
    assert latest.history_user == editor and latest.history_type == "~"
    page = editor_client.get(reverse("admin:catalog_person_history", args=[person.pk])).content.decode()
    assert "edna" in page
    assert "Actor and voice of Jay." in page  # the new value, beside the old one
    assert "&rarr;" in page


def test_an_editor_restores_an_earlier_version(editor_client):
    article = f.article(title="The right title", body="<p>The first text.</p>")
    edit(editor_client, article, title="A wrong title", body="<p>A bad edit.</p>")
    first = article.history.order_by("history_date").first()
    url = reverse("admin:news_article_simple_history", args=[article.pk, first.history_id])
    page = editor_client.get(url)
    assert page.status_code == 200 and "Revert" in page.content.decode()
    response = editor_client.post(url, change_form_data(page))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "The right title"
    assert "The first text." in article.body
    assert article.history.first().history_change_reason.startswith("Restored the version of")


def test_contributors_cannot_restore_a_live_page(contributor_client):
    article = f.article(title="Live title")
    article.title = "Live title, changed"
    article.save()
    first = article.history.order_by("history_date").first()
    url = reverse("admin:news_article_simple_history", args=[article.pk, first.history_id])
    page = contributor_client.get(url)
    assert page.status_code == 200
    assert 'value="Revert"' not in page.content.decode()
    assert contributor_client.post(url, {"title": "Live title", "slug": article.slug}).status_code == 403
    article.refresh_from_db()
    assert article.title == "Live title, changed"


def test_a_contributor_restoring_their_draft_keeps_it_a_draft(contributor_client):
    article = f.draft(f.article, title="Draft one")
    edit(contributor_client, article, title="Draft two")
    first = article.history.order_by("history_date").first()
    url = reverse("admin:news_article_simple_history", args=[article.pk, first.history_id])
    response = contributor_client.post(url, change_form_data(contributor_client.get(url)))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("Draft one", "draft")


def test_inline_rows_and_catalog_entries_keep_history_too(editor_client):
    film = f.film()
    character = f.character(film)
    credit = f.voice(f.person(), character)
    assert credit.history.count() == 1
    assert Person.history.filter(id=credit.person_id).count() == 1
    page = editor_client.get(reverse("admin:catalog_character_history", args=[character.pk]))
    assert page.status_code == 200


def test_the_history_page_costs_the_same_for_many_revisions(editor_client, django_assert_max_num_queries):
    person = f.person()
    for n in range(30):
        person.bio = f"Version {n}"
        person.save()
    with django_assert_max_num_queries(15):
        editor_client.get(reverse("admin:catalog_person_history", args=[person.pk]))


def test_restoring_an_article_brings_back_its_topics(editor_client):
    interviews, reviews = f.topic("Interviews"), f.topic("Reviews")
    article = f.article(topics=[interviews])
    edit(editor_client, article, topics=[str(reviews.pk)])
    assert list(article.topics.all()) == [reviews]
    version = next(r for r in article.history.order_by("history_date") if list(r.topics.all()))
    assert [row.topic for row in version.topics.all()] == [interviews]
    url = reverse("admin:news_article_simple_history", args=[article.pk, version.history_id])
    page = editor_client.get(url)
    assert page.context["adminform"].form["topics"].value() == [interviews.pk]
    assert editor_client.post(url, change_form_data(page)).status_code == 302
    assert list(article.topics.all()) == [interviews]


def test_changed_by_links_to_the_person_only_for_those_who_may_open_it(admin_client, editor):
    from django.test import Client

    article = f.article(title="Before")
    article.title = "After"
    article._history_user = editor
    article.save()
    url = reverse("admin:news_article_history", args=[article.pk])
    user_page = reverse("admin:auth_user_change", args=[editor.pk])
    own = Client()
    own.force_login(editor)
    editor_view = own.get(url).content.decode()
    assert "edna" in editor_view and user_page not in editor_view
    assert user_page in admin_client.get(url).content.decode()


def test_the_restore_page_says_what_comes_back_and_what_stays(editor_client):
    article = f.article(title="Before")
    edit(editor_client, article, title="After")
    version = article.history.order_by("history_date").first()
    url = reverse("admin:news_article_simple_history", args=[article.pk, version.history_id])
    scope = soup(editor_client.get(url)).select_one(".restore-scope").get_text(" ", strip=True)
    assert "Restoring brings back : the fields above, topics." in scope
    assert "Restoring leaves as they are now : mentions." in scope

    person = f.person(name="Kim Tae-ri")
    version = person.history.first()
    url = reverse("admin:catalog_person_simple_history", args=[person.pk, version.history_id])
    scope = soup(editor_client.get(url)).select_one(".restore-scope").get_text(" ", strip=True)
    assert "leaves as they are now : credits, links." in scope
