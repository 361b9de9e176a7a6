"""Paragraphs typed in the admin stay paragraphs: browsers send "\r\n", every save keeps "\n"."""

import pytest
from django.urls import reverse

from catalog.models import Person
from tests import factories as f
from tests.editorial.forms import change_form_data
from tests.pages import soup

pytestmark = pytest.mark.django_db


def test_a_bio_typed_in_the_admin_keeps_its_paragraphs(admin_client, client):
    person = f.person(name="Kim Tae-ri", slug="kim-tae-ri")
    url = reverse("admin:catalog_person_change", args=[person.pk])
    typed = "First paragraph.\r\n\r\nSecond paragraph,\r\nstill the second."
    assert admin_client.post(url, change_form_data(admin_client.get(url), bio=typed)).status_code == 302
    person.refresh_from_db()
    assert person.bio == "First paragraph.\n\nSecond paragraph,\nstill the second."
    page = soup(client.get(person.get_absolute_url()))
    texts = [" ".join(p.get_text().split()) for p in page.select("p") if "paragraph" in p.get_text()]
    assert texts == ["First paragraph.", "Second paragraph, still the second."]


def test_every_text_field_of_a_content_row_is_normalised_on_save():
    person = f.person(name="Han\r\nJi-won", bio="a\rb", known_for="One\r\nTwo\r\n")
    person.refresh_from_db()
    assert (person.name, person.bio, person.known_for) == ("Han\nJi-won", "a\nb", "One\nTwo\n")


def test_a_row_saved_before_keeps_its_paragraphs_on_the_page(client):
    person = f.person(name="Hong Kyung", slug="hong-kyung")
    Person.objects.filter(pk=person.pk).update(bio="Old one.\r\n\r\nOld two.")  # no save signal, as before
    page = soup(client.get(person.get_absolute_url()))
    assert [p.get_text(strip=True) for p in page.select("p") if "Old" in p.get_text()] == ["Old one.", "Old two."]
