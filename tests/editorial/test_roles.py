"""Editors run the content and nothing else; contributors write drafts and cannot publish."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from catalog.models import Film, Person, Song
from editorial.publishing import Status
from editorial.roles import CONTRIBUTORS, EDITORS, is_publishable, sync_roles
from news.models import Article
from tests import factories as f

from .forms import added_through_admin, change_form_data

pytestmark = pytest.mark.django_db

PUBLISHABLE = [Article, Film, Person, Song]


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_migration_creates_both_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, CONTRIBUTORS}


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda m: m.__name__)
def test_editors_may_publish_and_contributors_may_not(model):
    label = f"{model._meta.app_label}.publish_{model._meta.model_name}"
    assert label in perms(EDITORS)
    assert label not in perms(CONTRIBUTORS)
    assert f"{model._meta.app_label}.add_{model._meta.model_name}" in perms(CONTRIBUTORS)


def test_only_editors_import_articles_and_nobody_touches_accounts():
    assert "news.import_articles" in perms(EDITORS)
    assert "news.import_articles" not in perms(CONTRIBUTORS)
    for name in (EDITORS, CONTRIBUTORS):
        assert not {p for p in perms(name) if p.split(".")[0] in {"auth", "axes", "admin", "sessions"}}


def test_editors_hold_every_permission_of_every_content_model():
    """Kept in step: whatever models the content apps have, editors get all their permissions."""
    editor_perms = perms(EDITORS)
    for label in ("catalog", "news", "editorial"):
        for model in apps.get_app_config(label).get_models():
            opts = model._meta
            if opts.model_name.startswith("historical"):
                assert f"{label}.view_{opts.model_name}" in editor_perms
                assert f"{label}.change_{opts.model_name}" not in editor_perms
                continue
            for action in ("add", "change", "delete", "view"):
                assert f"{label}.{action}_{opts.model_name}" in editor_perms


def test_contributors_delete_nothing_that_stands_alone():
    contributor = perms(CONTRIBUTORS)
    assert not {p for p in contributor if ".delete_" in p} - {
        "catalog.delete_credit",
        "catalog.delete_songcredit",
        "catalog.delete_personlink",
        "news.delete_mention",
    }
    assert all(is_publishable(model) for model in PUBLISHABLE)


def test_migrate_puts_back_a_permission_taken_away_by_hand():
    group = Group.objects.get(name=EDITORS)
    publish = Permission.objects.get(codename="publish_article")
    group.permissions.remove(publish)
    call_command("migrate", verbosity=0)
    assert group.permissions.filter(pk=publish.pk).exists()


def test_sync_roles_is_idempotent():
    first = sync_roles()
    assert sync_roles() == first
    assert first[EDITORS] > first[CONTRIBUTORS] > 0


# --- what editors cannot do ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["admin:auth_user_changelist", "admin:auth_group_changelist", "admin:auth_user_add"]
)
def test_editors_cannot_open_users_or_groups(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_editors_cannot_change_a_user(editor_client, editor):
    response = editor_client.post(reverse("admin:auth_user_change", args=[editor.pk]), {"is_superuser": "on"})
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_the_admin_home_offers_editors_no_accounts_section(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") not in html
    assert reverse("admin:news_article_changelist") in html


# --- editors publish ------------------------------------------------------------------------------


def test_editors_see_the_publishing_buttons(editor_client):
    article = f.draft(f.article)
    html = editor_client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert 'name="_publish_now"' in html
    assert 'name="_schedule"' in html
    assert 'name="_unpublish"' in html


def test_save_and_publish_now_puts_a_draft_live(editor_client, editor):
    article = f.draft(f.article)
    url = reverse("admin:news_article_change", args=[article.pk])
    response = editor_client.post(url, change_form_data(editor_client.get(url), _publish_now="1"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_public
    latest = article.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Published now"


def test_editors_publish_and_unpublish_in_bulk(editor_client):
    drafts = [f.draft(f.person) for _ in range(3)]
    url = reverse("admin:catalog_person_changelist")
    ids = [str(p.pk) for p in drafts]
    response = editor_client.post(url, {"action": "publish_now", "_selected_action": ids})
    assert response.status_code == 302
    assert Person.objects.published().filter(pk__in=ids).count() == 3
    assert Person.history.filter(history_change_reason="Published from the list").count() == 3
    editor_client.post(url, {"action": "unpublish", "_selected_action": ids})
    assert Person.objects.drafts().filter(pk__in=ids).count() == 3


# --- what contributors cannot do -----------------------------------------------------------------


def test_contributors_get_no_publishing_buttons_or_fields(contributor_client):
    article = f.draft(f.article)
    response = contributor_client.get(reverse("admin:news_article_change", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for button in ("_publish_now", "_schedule", "_unpublish"):
        assert f'name="{button}"' not in html
    form = response.context["adminform"].form
    assert "status" not in form.fields and "publish_at" not in form.fields
    assert "Submit one for review when it is ready" in html


def test_contributors_pressing_publish_anyway_get_403(contributor_client):
    article = f.draft(f.article)
    url = reverse("admin:news_article_change", args=[article.pk])
    response = contributor_client.post(url, change_form_data(contributor_client.get(url), _publish_now="1"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_a_contributors_new_article_is_a_draft_whatever_is_posted(contributor_client, contributor):
    url = reverse("admin:news_article_add")
    data = change_form_data(contributor_client.get(url), title="By Carl", slug="by-carl", body="<p>Words.</p>")
    data.update(status="published", publish_at_0="2020-01-01", publish_at_1="00:00:00")
    response = contributor_client.post(url, data)
    assert response.status_code == 302
    article = Article.objects.get(slug="by-carl")
    assert article.status == Status.DRAFT
    assert article.history.first().history_user == contributor


def test_contributors_change_their_drafts(contributor_client):
    article = added_through_admin(contributor_client, Article, title="Old title", slug="old", body="<p>Words.</p>")
    url = reverse("admin:news_article_change", args=[article.pk])
    response = contributor_client.post(url, change_form_data(contributor_client.get(url), title="New title"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("New title", Status.DRAFT)


@pytest.mark.parametrize("factory", [f.article, f.person], ids=["article", "person"])
def test_contributors_cannot_change_what_is_live(contributor_client, factory):
    obj = factory(name="Live") if factory is f.person else factory(title="Live")
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = contributor_client.get(url)
    assert page.status_code == 200  # they may read it…
    assert 'name="_save"' not in page.content.decode()  # …with no save button
    response = contributor_client.post(url, {"name": "Hijacked", "title": "Hijacked"})
    assert response.status_code == 403


def test_contributors_get_no_bulk_publish_action(contributor_client):
    person = f.draft(f.person)
    url = reverse("admin:catalog_person_changelist")
    html = contributor_client.get(url).content.decode()
    assert 'value="publish_now"' not in html
    response = contributor_client.post(url, {"action": "publish_now", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.status == Status.DRAFT
    assert response.status_code in {200, 302}


def test_contributors_cannot_clear_needs_review_even_by_a_forged_post(contributor_client):
    article = added_through_admin(contributor_client, Article, title="By Carl", slug="by-carl", body="<p>Words.</p>")
    Article.objects.filter(pk=article.pk).update(needs_review=True, review_reason="date missing")
    url = reverse("admin:news_article_change", args=[article.pk])
    page = contributor_client.get(url)
    data = change_form_data(page, title="By Carl, revised", review_reason="")
    data.pop("needs_review", None)  # an unticked box
    assert contributor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "By Carl, revised"  # the rest of the draft is theirs to change
    assert (article.needs_review, article.review_reason) == (True, "date missing")
    form = page.context["adminform"].form
    assert "needs_review" not in form.fields and "review_reason" not in form.fields
    assert "date missing" in page.content.decode()  # they still read why


def test_marking_articles_reviewed_from_the_list_is_for_editors(client, contributor, editor):
    flagged = f.draft(f.article, needs_review=True, review_reason="date missing")
    url = reverse("admin:news_article_changelist")
    chosen = {"action": "mark_reviewed", "_selected_action": [flagged.pk]}
    client.force_login(contributor)
    assert 'value="mark_reviewed"' not in client.get(url).content.decode()
    client.post(url, chosen)
    flagged.refresh_from_db()
    assert flagged.needs_review
    client.force_login(editor)
    assert 'value="mark_reviewed"' in client.get(url).content.decode()
    assert client.post(url, chosen).status_code == 302
    flagged.refresh_from_db()
    assert (flagged.needs_review, flagged.review_reason) == (False, "")


def test_contributors_cannot_delete_articles_or_open_accounts(contributor_client):
    article = f.draft(f.article)
    assert contributor_client.get(reverse("admin:news_article_delete", args=[article.pk])).status_code == 403
    assert contributor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert contributor_client.get(reverse("admin:editorial_previewlink_changelist")).status_code == 403


@pytest.mark.skipif(not apps.is_installed("search"), reason="the search app is not installed")
def test_the_search_index_is_the_editors_to_manage_and_read_only_to_contributors():
    assert {"search.change_searchentry", "search.delete_searchentry"} <= perms(EDITORS)
    contributor = {p for p in perms(CONTRIBUTORS) if p.startswith("search.")}
    assert contributor and all(".view_" in p for p in contributor)
