"""Paragraphs typed in the admin stay paragraphs: browsers send "\r\n", every save keeps "\n", and the
rich-text fields (biographies, synopses) store paragraphs as HTML whether typed with or without the editor."""

import importlib

import pytest
from django.urls import reverse

from tests import factories as f
from tests.editorial.forms import change_form_data
from tests.pages import soup

pytestmark = pytest.mark.django_db


def paragraphs(response, word):
    return [" ".join(p.get_text(" ").split()) for p in soup(response).select(".prose p") if word in p.get_text()]


def test_a_bio_typed_without_the_editor_keeps_its_paragraphs(admin_client, client):
    person = f.person(name="Kim Tae-ri", slug="kim-tae-ri")
    url = reverse("admin:catalog_person_change", args=[person.pk])
    typed = "First paragraph.\r\n\r\nSecond paragraph,\r\nstill the second & <b>escaped</b>."
    assert admin_client.post(url, change_form_data(admin_client.get(url), bio=typed)).status_code == 302
    person.refresh_from_db()
    assert person.bio == (
        "<p>First paragraph.</p><p>Second paragraph,<br>still the second &amp; &lt;b&gt;escaped&lt;/b&gt;.</p>"
    )
    assert paragraphs(client.get(person.get_absolute_url()), "paragraph") == [
        "First paragraph.",
        "Second paragraph, still the second & <b>escaped</b>.",
    ]


def test_rich_text_from_the_editor_is_sanitised(admin_client):
    person = f.person(name="Han Ji-won", slug="han-ji-won")
    url = reverse("admin:catalog_person_change", args=[person.pk])
    html = '<p>She <strong>directed</strong> it.<script>alert(1)</script></p><p><a href="javascript:x">no</a></p>'
    admin_client.post(url, change_form_data(admin_client.get(url), bio=html))
    person.refresh_from_db()
    assert person.bio == "<p>She <strong>directed</strong> it.</p><p>no</p>"


def test_every_text_field_of_a_content_row_is_normalised_on_save():
    person = f.person(name="Han\r\nJi-won", known_for="One\r\nTwo\r\n")
    person.refresh_from_db()
    assert (person.name, person.known_for) == ("Han\nJi-won", "One\nTwo\n")


def test_the_migration_turns_old_plain_text_into_paragraphs_once():
    migration = importlib.import_module("catalog.migrations.0003_rich_text_bios_and_synopses")
    converted = migration.as_paragraphs("Old one.\r\n\r\nOld <two>.")
    assert converted == "<p>Old one.</p><p>Old &lt;two&gt;.</p>"
    assert migration.as_paragraphs(converted) == converted
