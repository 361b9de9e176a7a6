"""Drafts: staff preview them on the public page; a shareable link shows one to anyone, for a while."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from editorial.models import PreviewLink
from tests import factories as f

pytestmark = pytest.mark.django_db

BANNER = "Preview — not published."


@pytest.mark.parametrize(
    "build",
    [
        lambda: f.draft(f.article),
        lambda: f.scheduled(f.article),
        lambda: f.draft(f.person),
        lambda: f.draft(f.film),
        lambda: f.draft(f.song, f.film()),
    ],
    ids=["draft article", "scheduled article", "draft person", "draft film", "draft song"],
)
def test_staff_preview_a_draft_with_a_banner_and_visitors_get_404(client, editor, build):
    obj = build()
    assert client.get(obj.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    assert BANNER in response.content.decode()


def test_the_change_form_links_to_the_preview(editor_client):
    article = f.draft(f.article)
    html = editor_client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert f'href="{article.get_absolute_url()}"' in html
    assert ">Preview</a>" in html
    assert "Draft: visitors cannot see it." in html


def make_link(client, obj, days="7"):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_preview_link", args=[obj.pk])
    return client.post(url, {"days": days})


def test_an_editor_makes_a_link_that_shows_the_draft_to_a_visitor(client, editor):
    article = f.draft(f.article, title="Secret premiere")
    client.force_login(editor)
    response = make_link(client, article)
    assert response.status_code == 302
    link = PreviewLink.objects.get()
    assert link.target == article and link.created_by == editor
    assert (link.expires_at - timezone.now()).days == 6  # a week, less the moment that passed
    change_page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert link.shared_url() in change_page

    client.logout()
    response = client.get(link.shared_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Secret premiere" in html and BANNER in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert client.get(article.get_absolute_url()).status_code == 404  # the link opens that page only


def test_a_link_shows_only_its_own_page(client):
    shown, hidden = f.draft(f.article), f.draft(f.article)
    link = PreviewLink.create_for(shown, user=None, days=1)
    assert client.get(link.shared_url()).status_code == 200
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "build", [lambda: f.draft(f.person), lambda: f.draft(f.song, f.film())], ids=["person", "song"]
)
def test_links_work_for_catalog_pages_too(client, build):
    obj = build()
    link = PreviewLink.create_for(obj, user=None, days=1)
    response = client.get(link.shared_url())
    assert response.status_code == 200
    assert BANNER in response.content.decode()


def test_an_expired_link_says_so(client):
    link = PreviewLink.create_for(f.draft(f.article), user=None, days=1)
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(link.shared_url())
    assert response.status_code == 410
    assert "expired or was withdrawn" in response.content.decode()


def test_a_withdrawn_link_stops_working(client, editor):
    article = f.draft(f.article)
    link = PreviewLink.create_for(article, user=editor, days=7)
    client.force_login(editor)
    revoke = reverse("admin:news_article_preview_link_revoke", args=[article.pk, link.pk])
    assert client.post(revoke).status_code == 302
    client.logout()
    assert client.get(link.shared_url()).status_code == 410


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "nonsense", lambda t: t.replace(":", "-")])
def test_a_tampered_link_is_refused_clearly(client, mangle):
    link = PreviewLink.create_for(f.draft(f.article), user=None, days=7)
    response = client.get(reverse("editorial:shared-preview", kwargs={"token": mangle(link.token)}))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_link_whose_nonce_changed_is_refused(client):
    link = PreviewLink.create_for(f.draft(f.article), user=None, days=7)
    url = link.shared_url()
    PreviewLink.objects.filter(pk=link.pk).update(nonce="another")
    assert client.get(url).status_code == 404


def test_a_link_to_a_page_since_published_goes_to_the_page(client):
    article = f.draft(f.article)
    link = PreviewLink.create_for(article, user=None, days=7)
    article.status = "published"
    article.save()
    response = client.get(link.shared_url())
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_a_link_to_a_deleted_page_says_so(client):
    article = f.draft(f.article)
    link = PreviewLink.create_for(article, user=None, days=7)
    article.delete()
    response = client.get(link.shared_url())
    assert response.status_code == 404
    assert "no longer exists" in response.content.decode()


def test_contributors_cannot_make_or_withdraw_links(contributor_client):
    article = f.draft(f.article)
    html = contributor_client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "Make a preview link" not in html
    assert make_link(contributor_client, article).status_code == 403
    link = PreviewLink.create_for(article, user=None, days=7)
    revoke = reverse("admin:news_article_preview_link_revoke", args=[article.pk, link.pk])
    assert contributor_client.post(revoke).status_code == 403
    assert PreviewLink.objects.get().is_active


def test_contributors_never_obtain_a_links_token(client, contributor, editor):
    """Not through the admin's "view on site" address, the links' own pages, or the draft's form."""
    article = f.draft(f.article)
    link = PreviewLink.create_for(article, user=editor, days=7)
    view_on_site = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(link).pk, link.pk])
    pages = [
        view_on_site,
        reverse("admin:editorial_previewlink_changelist"),
        reverse("admin:editorial_previewlink_change", args=[link.pk]),
        reverse("admin:news_article_change", args=[article.pk]),
    ]
    shared = reverse("editorial:shared-preview", kwargs={"token": "-"}).removesuffix("-/")  # any link's start
    client.force_login(contributor)
    for url in pages:
        response = client.get(url)
        assert shared not in response.get("Location", "") + response.content.decode(), url
    assert client.get(view_on_site).status_code == 404
    client.force_login(editor)  # editors read theirs where they always did
    assert shared in client.get(reverse("admin:editorial_previewlink_changelist")).content.decode()
    assert shared in client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()


def test_a_bad_lifetime_is_an_error_message_not_a_link(editor_client):
    article = f.draft(f.article)
    response = make_link(editor_client, article, days="999")
    assert response.status_code == 302
    assert not PreviewLink.objects.exists()
    follow = editor_client.get(response["Location"]).content.decode()
    assert "Choose how long the link should work." in follow


def test_links_are_made_by_post_only(editor_client):
    article = f.draft(f.article)
    url = reverse("admin:news_article_preview_link", args=[article.pk])
    assert editor_client.get(url).status_code == 405
