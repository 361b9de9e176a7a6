"""The filter forms' widgets written in Python give Django's own markup."""

import re

import pytest
from django import forms

from pages.forms import PlainNumberInput, PlainSelect, PlainTextInput


@pytest.mark.parametrize(
    ("plain", "django_widget", "value", "attrs"),
    [
        (PlainTextInput, forms.TextInput, None, {"id": "id_q", "maxlength": "200"}),
        (PlainTextInput, forms.TextInput, 'Kim "Tae-ri" <b>&', {"id": "id_q", "required": True, "disabled": False}),
        (PlainTextInput, forms.TextInput, "", {"aria-describedby": "q-error", "aria-invalid": "true"}),
        (PlainNumberInput, forms.NumberInput, 2025, {"min": 1900, "max": 2200, "inputmode": "numeric"}),
        (PlainNumberInput, forms.NumberInput, "20x5", {"id": "id_year"}),
        (PlainSelect, forms.Select, "b", {"id": "id_topic"}),
    ],
)
def test_a_plain_widget_writes_what_djangos_template_writes(plain, django_widget, value, attrs):
    choices = [("", "All"), ("a", "A & co"), ("b", "<B>")]
    mine, theirs = plain(attrs={"class": "wide"}), django_widget(attrs={"class": "wide"})
    if plain is PlainSelect:
        mine.choices = theirs.choices = choices
    between_tags = re.compile(r">\s+<")  # Django's select template puts line breaks between options
    assert between_tags.sub("><", mine.render("field", value, attrs)) == between_tags.sub(
        "><", theirs.render("field", value, attrs)
    )
