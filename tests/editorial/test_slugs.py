"""A changed slug keeps its old address alive as a permanent redirect."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from catalog.models import Person
from editorial.models import SlugRedirect
from editorial.slugs import slug_url
from news.models import Article
from tests import factories as f

from .forms import added_through_admin, change_form_data

pytestmark = pytest.mark.django_db


def used_topic(**values):
    """A topic visitors can see: a published article uses it."""
    topic = f.topic(**values)
    f.article(topics=[topic])
    return topic


def rename(obj, slug):
    old_url = obj.get_absolute_url()
    obj.slug = slug
    obj.save()
    return old_url


@pytest.mark.parametrize(
    "build",
    [f.article, f.person, lambda: f.song(f.film()), used_topic, f.film],
    ids=["article", "person", "song", "topic", "film"],
)
def test_the_old_address_redirects_permanently(client, build):
    obj = build()
    old_url = rename(obj, "brand-new-slug")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == obj.get_absolute_url()
    assert client.get(obj.get_absolute_url()).status_code == 200


def test_korean_pages_redirect_within_korean(client):
    person = f.person(slug="kim-tae-ri")
    rename(person, "kim-taeri")
    with translation.override("en"):
        response = client.get("/ko/people/kim-tae-ri/")
    assert response.status_code == 301
    assert response["Location"] == "/ko/people/kim-taeri/"


def test_a_chain_of_renames_ends_at_the_current_address(client):
    article = f.article(slug="first")
    rename(article, "second")
    rename(article, "third")
    for old in ("first", "second"):
        response = client.get(f"/news/{old}/")
        assert response["Location"] == "/news/third/"


def test_the_query_string_survives(client):
    topic = used_topic(name="Music")
    rename(topic, "soundtrack")
    response = client.get("/news/topics/music/?page=2")
    assert response["Location"] == "/news/topics/soundtrack/?page=2"


def test_going_back_to_an_old_slug_removes_its_redirect(client):
    article = f.article(slug="one")
    rename(article, "two")
    rename(article, "one")
    assert client.get("/news/one/").status_code == 200
    assert client.get("/news/two/")["Location"] == "/news/one/"
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["two"]


def test_a_live_page_wins_over_an_old_slug(client):
    first = f.article(slug="premiere")
    rename(first, "premiere-night")
    other = f.article(slug="premiere", title="The other one")
    response = client.get("/news/premiere/")
    assert response.status_code == 200
    assert response.context["object"] == other


def test_visitors_are_not_sent_to_a_draft(client, editor):
    article = f.draft(f.article, slug="draft-one")
    rename(article, "draft-two")
    assert client.get("/news/draft-one/").status_code == 404
    client.force_login(editor)
    assert client.get("/news/draft-one/").status_code == 301


def test_an_unknown_slug_is_still_404(client):
    assert client.get("/people/nobody-at-all/").status_code == 404


def test_renaming_in_the_admin_records_the_old_slug(editor_client):
    person = f.person(slug="han-ji-won")
    url = reverse("admin:catalog_person_change", args=[person.pk])
    response = editor_client.post(url, change_form_data(editor_client.get(url), slug="han-jiwon"))
    assert response.status_code == 302
    assert SlugRedirect.objects.get().old_slug == "han-ji-won"


def test_saving_without_a_slug_change_leaves_no_redirect():
    article = f.article()
    article.title = "Retitled"
    article.save(update_fields=["title", "updated"])
    assert not SlugRedirect.objects.exists()


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("url_name", ["catalog:film-detail", "catalog:person-detail", "catalog:song-detail"])
def test_slug_url_is_what_reverse_gives(url_name, language):
    with translation.override(language):
        for slug in ["kim-tae-ri", "a_b-9", "X"]:
            assert slug_url(url_name, slug) == reverse(url_name, kwargs={"slug": slug})


def test_slug_url_leaves_a_value_the_converter_refuses_to_reverse():
    with pytest.raises(NoReverseMatch):
        slug_url("catalog:person-detail", "김태리")


OLD_ADDRESS_IN_USE = "“premiere” was the address of “Premiere night”, and links to it still lead there."


@pytest.mark.parametrize("role", ["contributor", "editor"])
def test_an_old_address_that_still_leads_somewhere_cannot_be_taken(client, request, role):
    """Taking it would delete the redirect (or shadow it): shared links would break or lead elsewhere."""
    published = f.article(slug="premiere", title="Premiere night")
    rename(published, "premiere-night")
    client.force_login(request.getfixturevalue(role))
    draft = added_through_admin(client, Article, title="Another story", slug="another", body="<p>Words.</p>")
    url = reverse("admin:news_article_change", args=[draft.pk])
    response = client.post(url, change_form_data(client.get(url), slug="premiere"))
    assert response.status_code == 200
    assert OLD_ADDRESS_IN_USE in response.context["adminform"].form.errors["slug"][0]
    add = reverse("admin:news_article_add")
    response = client.post(add, change_form_data(client.get(add), title="Third", slug="premiere", body="<p>x</p>"))
    assert response.status_code == 200 and "slug" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.slug == "another"
    assert SlugRedirect.objects.get(old_slug="premiere").object_id == published.pk
    assert client.get("/news/premiere/", follow=True).context["object"] == published


def test_an_entry_takes_back_its_own_old_address_and_a_deleted_ones(editor_client):
    person = f.person(slug="han-ji-won")
    rename(person, "han-jiwon")
    gone = f.person(slug="gone")
    rename(gone, "gone-now")
    gone.delete()
    url = reverse("admin:catalog_person_change", args=[person.pk])
    assert editor_client.post(url, change_form_data(editor_client.get(url), slug="han-ji-won")).status_code == 302
    added_through_admin(editor_client, Person, name="Someone new", slug="gone")  # its redirect led nowhere
    assert not SlugRedirect.objects.filter(old_slug="han-ji-won").exists()
