"""The admin: every list and form opens, and a film saves with its inlines."""

import pytest
from django.contrib import admin
from django.urls import reverse

from catalog.models import Credit, Film, Release
from tests import factories as f

pytestmark = pytest.mark.django_db

APPS = {"catalog", "news"}


def registered():
    return [model for model in admin.site._registry if model._meta.app_label in APPS]


@pytest.mark.parametrize("model", registered(), ids=lambda m: m._meta.label)
def test_every_changelist_and_add_form_opens(admin_client, model):
    opts = model._meta
    assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_changelists_search_and_filter_without_errors(admin_client):
    f.person(name="Kim Tae-ri")
    url = reverse("admin:catalog_person_changelist")
    response = admin_client.get(url, {"q": "Kim", "credits__role": "voice"})
    assert response.status_code == 200


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_film_is_added_with_a_release_and_a_credit(admin_client):
    director = f.person(name="Han Ji-won")
    data = {
        "name": "Lost in Starlight",
        "slug": "lost-in-starlight",
        "year": "2025",
        "status": "published",
        "publish_at_0": "2025-05-30",
        "publish_at_1": "07:00:00",
        **inline_management("releases", 1),
        "releases-0-date": "2025-05-30",
        "releases-0-region": "Worldwide",
        "releases-0-kind": "streaming",
        "releases-0-platform": "Netflix",
        **inline_management("company_roles"),
        **inline_management("characters"),
        **inline_management("credits", 1),
        "credits-0-person": str(director.pk),
        "credits-0-role": "director",
        "credits-0-order": "1",
        **inline_management("praise"),
    }
    response = admin_client.post(reverse("admin:catalog_film_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    film = Film.objects.get(slug="lost-in-starlight")
    assert Release.objects.get(film=film).platform == "Netflix"
    assert Credit.objects.get(film=film).person == director


def test_a_voice_credit_without_character_is_an_error_next_to_the_field(admin_client):
    film, person = f.film(), f.person()
    url = reverse("admin:catalog_person_change", args=[person.pk])
    data = {
        "name": person.name,
        "slug": person.slug,
        "status": "published",
        "publish_at_0": "2025-05-30",
        "publish_at_1": "07:00:00",
        **inline_management("credits", 1),
        "credits-0-film": str(film.pk),
        "credits-0-role": "voice",
        "credits-0-order": "0",
        **inline_management("links"),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "A voice credit names the character voiced." in response.content.decode()
    assert not Credit.objects.exists()


def test_admin_offers_view_on_site(admin_client):
    person = f.person(slug="hong-kyung")
    html = admin_client.get(reverse("admin:catalog_person_change", args=[person.pk])).content.decode()
    assert "View on site" in html
