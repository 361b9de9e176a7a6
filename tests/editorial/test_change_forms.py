"""Change forms that help: help texts, slug prefill, image previews, the right characters, errors in place."""

import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from catalog.models import Image
from tests import factories as f

from .forms import change_form_data

pytestmark = pytest.mark.django_db


def png(name="still.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_slugs_prefill_from_the_name_and_explain_redirects(editor_client):
    soup = page(editor_client, reverse("admin:catalog_person_add"))
    prepopulated = soup.find(id="django-admin-prepopulated-fields-constants")
    assert prepopulated is not None and "#id_slug" in prepopulated["data-prepopulated-fields"]
    assert "the old address keeps working" in soup.find(id="id_slug_helptext").get_text()


def test_publishing_fields_explain_themselves(editor_client):
    soup = page(editor_client, reverse("admin:news_article_add"))
    assert "set it in the future to schedule" in soup.select_one(".field-publish_at .help").get_text()
    assert soup.find(id="id_status").find("option", selected=True)["value"] == "draft"
    assert "untick once you have checked it" in soup.find(id="id_needs_review_helptext").get_text()


def test_the_change_form_shows_the_chosen_picture(editor_client):
    image = Image.objects.create(file=png(), alt_text="Nan-young on the roof")
    article = f.article(hero_image=image)
    soup = page(editor_client, reverse("admin:news_article_change", args=[article.pk]))
    preview = soup.select_one(".field-hero_preview img")
    assert preview is not None and preview["alt"] == "Nan-young on the roof"
    person = f.person()
    soup = page(editor_client, reverse("admin:catalog_person_change", args=[person.pk]))
    assert "No picture chosen" in soup.select_one(".field-photo_preview").get_text()


def test_the_image_form_previews_an_upload_before_saving(editor_client):
    soup = page(editor_client, reverse("admin:catalog_image_add"))
    assert any("editorial/admin_forms.js" in script.get("src", "") for script in soup.find_all("script"))


def test_a_films_credits_offer_only_its_own_characters(editor_client):
    film, other = f.film(), f.film()
    mine, theirs = f.character(film, name="Nan-young"), f.character(other, name="Somebody else")
    f.voice(f.person(), mine)
    soup = page(editor_client, reverse("admin:catalog_film_change", args=[film.pk]))
    options = [o.get_text() for o in soup.select("select#id_credits-0-character option") if o["value"]]
    assert options == [mine.display_name]
    assert theirs.name not in str(soup.select_one("select#id_credits-0-character"))


def test_a_persons_credits_group_characters_by_film(editor_client):
    film, other = f.film(name="Lost in Starlight"), f.film(name="Another Film")
    mine = f.character(film, name="Nan-young")
    f.character(other, name="Somebody")
    person = f.person()
    f.voice(person, mine)
    soup = page(editor_client, reverse("admin:catalog_person_change", args=[person.pk]))
    select = soup.select_one("select#id_credits-0-character")
    groups = {group["label"]: [o.get_text() for o in group.find_all("option")] for group in select.find_all("optgroup")}
    assert groups == {"Another Film": ["Somebody"], "Lost in Starlight": ["Nan-young"]}
    assert select.find("option", string="Nan-young")["data-film"] == str(film.pk)
    assert select.find("option", selected=True).get_text() == "Nan-young"


def test_the_persons_credit_form_costs_the_same_for_many_credits(editor_client, django_assert_max_num_queries):
    film = f.film()
    person = f.person()
    url = reverse("admin:catalog_person_change", args=[person.pk])
    f.voice(person, f.character(film))
    with django_assert_max_num_queries(40) as few:
        editor_client.get(url)
    for language in ("en", "ja", "es", "fr"):
        f.voice(person, f.character(film), language=language)
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(url)


def test_a_character_from_another_film_is_refused_next_to_the_field(editor_client):
    film, other = f.film(), f.film()
    theirs = f.character(other)
    person = f.person()
    url = reverse("admin:catalog_person_change", args=[person.pk])
    data = change_form_data(editor_client.get(url))
    data.update(
        {
            "credits-TOTAL_FORMS": "1",
            "credits-0-film": str(film.pk),
            "credits-0-role": "voice",
            "credits-0-character": str(theirs.pk),
            "credits-0-language": "ko",
            "credits-0-order": "0",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    row_errors = soup.select_one(
        "#credits-0 .field-character .errorlist, #credits-0 + tr .errorlist"
    ) or soup.select_one("tr.row-form-errors .errorlist")
    assert row_errors is not None and "belongs to another film" in row_errors.get_text()


def test_scheduling_in_the_past_is_an_error_beside_the_date(editor_client):
    article = f.draft(f.article)
    url = reverse("admin:news_article_change", args=[article.pk])
    past = timezone.now() - dt.timedelta(days=1)
    data = change_form_data(editor_client.get(url), _schedule="1")
    data.update(publish_at_0=past.date().isoformat(), publish_at_1="08:00:00")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "pick a time in the future" in soup.select_one(".field-publish_at .errorlist").get_text()
    article.refresh_from_db()
    assert article.status == "draft"


def test_scheduling_in_the_future_sets_the_schedule(editor_client):
    article = f.draft(f.article)
    url = reverse("admin:news_article_change", args=[article.pk])
    later = timezone.now() + dt.timedelta(days=3)
    data = change_form_data(editor_client.get(url), _schedule="1")
    data.update(publish_at_0=later.date().isoformat(), publish_at_1="08:00:00")
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == "published" and not article.is_public
    assert "Scheduled: appears by itself" in editor_client.get(url).content.decode()
