"""The admin: every list and form opens, and a film saves with its inlines."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from catalog.models import Credit, Film, Release, Song
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


def song_form(film, **values):
    return {
        "title": "Bon Voyage",
        "slug": "bon-voyage",
        "film": str(film.pk),
        "order": "1",
        "status": "published",
        "publish_at_0": "2025-05-30",
        "publish_at_1": "07:00:00",
        **inline_management("credits"),
        **values,
    }


def test_a_song_is_saved_with_its_length_and_scene(admin_client):
    film = f.film()
    data = song_form(film, duration="3:41", context="The end credits", context_ko="엔딩 크레딧")
    response = admin_client.post(reverse("admin:catalog_song_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    song = Song.objects.get(slug="bon-voyage")
    assert song.duration == dt.timedelta(seconds=221)
    assert (song.context, song.context_ko) == ("The end credits", "엔딩 크레딧")
    html = admin_client.get(reverse("admin:catalog_song_change", args=[song.pk])).content.decode()
    assert 'name="duration" value="3:41"' in html  # shown back as it was typed
    assert "or the seconds alone, e.g. 221" in html  # the help text says what it reads
    assert 'name="context_ko"' in html


def test_seconds_alone_are_a_length_too(admin_client):
    response = admin_client.post(reverse("admin:catalog_song_add"), song_form(f.film(), duration="221"))
    assert response.status_code == 302
    assert Song.objects.get().duration == dt.timedelta(minutes=3, seconds=41)


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("3.41", "Enter the length as minutes:seconds, e.g. 3:41, or as seconds, e.g. 221."),
        ("3:75", "Minutes and seconds after a colon run from 00 to 59, e.g. 3:41."),
        ("0:00", "A length is longer than zero seconds."),
    ],
)
def test_a_length_it_cannot_read_is_an_error_next_to_the_field(admin_client, typed, error):
    response = admin_client.post(reverse("admin:catalog_song_add"), song_form(f.film(), duration=typed))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["duration"] == [error]
    assert not Song.objects.exists()
