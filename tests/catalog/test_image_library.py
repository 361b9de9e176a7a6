"""The picture library: where each picture is used, the unused found and deleted, the used kept."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from catalog.image_uses import relations
from catalog.models import Film, Image
from tests import factories as f
from tests.catalog.test_images import image_bytes
from tests.pages import soup

pytestmark = pytest.mark.django_db
LIBRARY = reverse("admin:catalog_image_changelist")


@pytest.fixture
def pictures(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    used = f.image(image_bytes("PNG", (400, 300)), "poster.png", "The poster")
    unused = f.image(image_bytes("PNG", (400, 300)), "cancelled.png", "A cancelled upload")
    film = f.film(name="Lost in Starlight", slug="lost-in-starlight", poster=used)
    article = f.article(title="The poster is out", hero_image=used)
    return {"used": used, "unused": unused, "film": film, "article": article}


def test_every_live_relation_to_images_is_found():
    found = {(model._meta.label, field) for model, field in relations()}
    assert {("catalog.Film", "poster"), ("catalog.Person", "photo"), ("news.Article", "hero_image")} <= found
    assert not any("Historical" in label for label, _field in found)


def test_the_list_says_where_each_picture_is_used(editor_client, pictures):
    rows = {
        row.select_one(".field-alt_text").get_text(strip=True): row.select_one(".field-used_in").get_text(strip=True)
        for row in soup(editor_client.get(LIBRARY)).select("#result_list tbody tr")
    }
    assert rows == {"The poster": "2 places", "A cancelled upload": "Not used"}


def test_the_unused_can_be_found(editor_client, pictures):
    rows = soup(editor_client.get(LIBRARY, {"used": "no"})).select("#result_list tbody tr")
    assert [row.select_one(".field-alt_text").get_text(strip=True) for row in rows] == ["A cancelled upload"]


def test_a_picture_page_links_to_what_uses_it_and_offers_no_delete(editor_client, pictures):
    url = reverse("admin:catalog_image_change", args=[pictures["used"].pk])
    page = soup(editor_client.get(url))
    links = {a.get_text(strip=True): a["href"] for a in page.select(".field-used_by a")}
    assert links == {
        "Lost in Starlight": reverse("admin:catalog_film_change", args=[pictures["film"].pk]),
        "The poster is out": reverse("admin:news_article_change", args=[pictures["article"].pk]),
    }
    assert not page.select("a.deletelink")


def test_deleting_from_the_list_removes_the_unused_with_their_files_and_keeps_the_used(
    editor_client, pictures, django_capture_on_commit_callbacks
):
    unused = pictures["unused"]
    files = [unused.file.name, *(r["name"] for r in unused.renditions)]
    assert all(default_storage.exists(name) for name in files)
    chosen = [pictures["used"].pk, unused.pk]
    with django_capture_on_commit_callbacks(execute=True):  # the files go when the delete commits
        response = editor_client.post(
            LIBRARY, {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}, follow=True
        )
    assert "1 picture is still in use and was kept." in response.content.decode()
    assert list(Image.objects.values_list("alt_text", flat=True)) == ["The poster"]
    assert Film.objects.get().poster_id == pictures["used"].pk
    assert not any(default_storage.exists(name) for name in files)


def test_the_library_runs_a_fixed_number_of_queries(editor_client, pictures, django_assert_max_num_queries):
    for n in range(10):
        f.image(image_bytes("PNG"), f"more-{n}.png", f"More {n}")
    with django_assert_max_num_queries(12):
        assert editor_client.get(LIBRARY).status_code == 200


def test_a_picture_in_an_articles_body_is_in_use_until_the_body_drops_it(editor_client, pictures):
    picture = pictures["unused"]
    article = f.article(title="In the body", body=f'<p>Text.</p><figure data-picture="{picture.pk}"></figure>')
    url = reverse("admin:catalog_image_change", args=[picture.pk])
    links = {a.get_text(strip=True): a["href"] for a in soup(editor_client.get(url)).select(".field-used_by a")}
    assert links == {"In the body": reverse("admin:news_article_change", args=[article.pk])}
    assert (
        editor_client.post(reverse("admin:catalog_image_delete", args=[picture.pk]), {"post": "yes"}).status_code == 403
    )
    assert Image.objects.filter(pk=picture.pk).exists()
    article.body = "<p>Text only.</p>"
    article.save()
    rows = soup(editor_client.get(LIBRARY, {"used": "no"})).select("#result_list tbody tr")
    assert [row.select_one(".field-alt_text").get_text(strip=True) for row in rows] == ["A cancelled upload"]


def test_an_imported_picture_is_in_use_once_however_often_a_body_shows_it(pictures):
    from news.writing import link_body_pictures

    picture = pictures["unused"]
    body = f'<figure data-picture="{picture.pk}"></figure><p>Text.</p><figure data-picture="{picture.pk}"></figure>'
    article = f.article(body=body + '<figure data-picture="999999"></figure>')
    link_body_pictures([article], created=False)
    assert [row.image_id for row in article.body_pictures.all()] == [picture.pk]
