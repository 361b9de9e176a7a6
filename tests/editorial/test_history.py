"""Every change is a revision (who, when, what) and an editor can restore an earlier one."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from catalog.models import Credit, Film, Person, Song
from editorial.publishing import creators_from_history
from editorial.roles import CONTRIBUTORS
from news.models import Article
from tests import factories as f
from tests.pages import soup

from .forms import added_through_admin, change_form_data

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
    assert "<ins> and voice of Jay</ins>" in page  # the words added to the old text


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
    article = added_through_admin(contributor_client, Article, title="Draft one", slug="one", body="<p>Words.</p>")
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


# --- contributors: their own drafts --------------------------------------------------------------

NEW_ROWS = {
    Article: lambda: {"title": "A new article", "slug": "new-article", "body": "<p>Words.</p>"},
    Film: lambda: {"name": "A new film", "slug": "new-film", "year": "2026"},
    Person: lambda: {"name": "A new person", "slug": "new-person"},
    Song: lambda: {"title": "A new song", "slug": "new-song", "film": str(f.film().pk)},
}
TITLE = {Article: "title", Film: "name", Person: "name", Song: "title"}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def urls(obj):
    opts = obj._meta
    first = obj.history.order_by("history_date").first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    restore = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, first.history_id])
    return change, restore


@pytest.mark.parametrize("model", NEW_ROWS, ids=lambda model: model.__name__)
def test_contributors_read_but_neither_change_nor_restore_others_drafts(model, editor, contributor):
    writer, other = signed_in(editor), signed_in(contributor)
    draft = added_through_admin(writer, model, **NEW_ROWS[model]())
    edit(writer, draft, **{TITLE[model]: "Second version"})
    change, restore = urls(draft)
    page = other.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode() and 'name="_submit_for_review"' not in page.content.decode()
    assert other.post(change, change_form_data(writer.get(change), **{TITLE[model]: "Taken over"})).status_code == 403
    page = other.get(restore)
    assert page.status_code == 200 and 'value="Revert"' not in page.content.decode()
    assert other.post(restore, change_form_data(writer.get(restore))).status_code == 403
    draft.refresh_from_db()
    assert getattr(draft, TITLE[model]) == "Second version"


@pytest.mark.parametrize("model", NEW_ROWS, ids=lambda model: model.__name__)
def test_contributors_change_and_restore_their_own_drafts(model, contributor):
    writer = signed_in(contributor)
    draft = added_through_admin(writer, model, **NEW_ROWS[model]())
    assert draft.created_by == contributor
    edit(writer, draft, **{TITLE[model]: "Second version"})
    _change, restore = urls(draft)
    assert writer.post(restore, change_form_data(writer.get(restore))).status_code == 302
    draft.refresh_from_db()
    assert getattr(draft, TITLE[model]) == NEW_ROWS[model]()[TITLE[model]]
    assert draft.created_by == contributor  # a restore keeps whose draft it is


def test_one_contributors_draft_is_not_anothers(contributor):
    draft = added_through_admin(signed_in(contributor), Person, name="Carl's", slug="carls")
    second = signed_in(f.staff_user("cleo", group=CONTRIBUTORS))
    change, _restore = urls(draft)
    assert second.post(change, change_form_data(second.get(change), name="Cleo's")).status_code == 403


def test_restoring_their_own_draft_leaves_its_review_flag_as_editors_set_it(contributor):
    writer = signed_in(contributor)
    draft = added_through_admin(writer, Article, **NEW_ROWS[Article]())
    edit(writer, draft, title="Second version")
    Article.objects.filter(pk=draft.pk).update(needs_review=True, review_reason="source unclear")
    _change, restore = urls(draft)
    assert writer.post(restore, change_form_data(writer.get(restore))).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.needs_review, draft.review_reason) == ("A new article", True, "source unclear")


def test_drafts_made_before_their_creator_was_kept_get_it_from_their_history(contributor):
    theirs = added_through_admin(signed_in(contributor), Article, **NEW_ROWS[Article]())
    imported = f.draft(f.article)
    Article.objects.update(created_by=None)  # as the migration that added the field finds them
    creators_from_history(apps, "news", "Article")
    assert Article.objects.get(pk=theirs.pk).created_by == contributor
    assert Article.objects.get(pk=imported.pk).created_by is None


@pytest.mark.parametrize("model", NEW_ROWS, ids=lambda model: model.__name__)
def test_a_deleted_entry_is_not_brought_back_from_its_history(model, editor, contributor):
    """Neither by a contributor (it would get round the delete and add rules) nor by an editor (an
    article's history lacks the fields it keeps out of it): a clear 404, never a 500, nothing written."""
    writer = signed_in(editor)
    entry = added_through_admin(writer, model, **NEW_ROWS[model]())
    change, restore = urls(entry)
    form = change_form_data(writer.get(restore))
    entry.delete()
    for client in (signed_in(contributor), writer):
        assert client.get(restore).status_code == 404
        assert client.post(restore, form).status_code == 404
    assert not model.objects.filter(pk=entry.pk).exists()


def test_a_contributor_cannot_change_a_credit_on_an_editors_film_through_their_own_draft(editor, contributor):
    """A credit links two entries and belongs to both: from their own draft person a contributor may not
    delete it, nor move it to another film, while the film is an editor's."""
    mine = signed_in(contributor)
    person = added_through_admin(mine, Person, name="New Voice", slug="new-voice")
    film = f.film(name="Editors' film", slug="editors-film")
    other = f.film(name="Another film", slug="another-film")
    credit = f.voice(person, f.character(film))
    change = reverse("admin:catalog_person_change", args=[person.pk])
    page = mine.get(change)
    prefix = next(i.formset.prefix for i in page.context["inline_admin_formsets"] if i.formset.model is Credit)
    for changes in ({f"{prefix}-0-DELETE": "on"}, {f"{prefix}-0-film": str(other.pk)}):
        response = mine.post(change, change_form_data(page, **changes))
        assert response.status_code == 200
        assert "which only its writer or an editor may change" in response.content.decode()
    credit.refresh_from_db()
    assert credit.film == film
    # Editors may: the same deletion from the editor's side goes through.
    writer = signed_in(editor)
    page = writer.get(change)
    assert writer.post(change, change_form_data(page, **{f"{prefix}-0-DELETE": "on"})).status_code == 302
    assert not Credit.objects.filter(pk=credit.pk).exists()


# --- History people can read -------------------------------------------------------------------


def history_rows(client, obj):
    """The rows of an entry's History page, newest first."""
    opts = obj._meta
    doc = soup(client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])))
    return doc.find("table", id="change-history").tbody.find_all("tr")


def history_changes(client, obj):
    """The "Changes" cell of each row of the History page, newest first, as text."""
    return [row.find_all("td")[-1].get_text(" ", strip=True) for row in history_rows(client, obj)]


def test_history_names_fields_by_their_labels_and_shows_text_changes_as_words(editor_client):
    article = f.article(title="Teaser", body="<p>The first <em>teaser</em> arrives on Saturday.</p>")
    article.body = "<p>The second <em>teaser</em> arrives on Saturday morning.</p>"
    article.save()
    row = history_rows(editor_client, article)[0]
    changes = row.find_all("td")[-1]
    assert "Body" in changes.get_text() and "<p>" not in changes.get_text() and "[" not in changes.get_text()
    assert [d.get_text() for d in changes.find_all("del")] == ["first"]
    assert [i.get_text(strip=True) for i in changes.find_all("ins")] == ["second", "morning"]


def test_history_leaves_out_changes_that_change_nothing(editor_client):
    article = f.article(title="Teaser")
    article.publish_at = article.publish_at.replace(microsecond=(article.publish_at.microsecond + 1) % 1_000_000)
    article.title = "Teaser, again"
    article.save()
    changes = history_changes(editor_client, article)[0]
    assert "Title" in changes and "Publish" not in changes


def test_history_shows_no_reason_as_empty_and_no_source_as_empty(editor_client):
    article = f.article(title="Teaser", source=f.source(name="Soompi"))
    article.source = None
    article.save()
    rows = history_rows(editor_client, article)
    assert "None" not in rows[0].get_text() and "None" not in rows[1].get_text()
    changes = rows[0].find_all("td")[-1].get_text(" ", strip=True)
    assert "Soompi" in changes and "Deleted" not in changes and "pk=" not in changes
