"""The character picker of the catalog admin's credit forms."""

from django import forms
from django.forms.models import ModelChoiceIteratorValue


class CharacterSelect(forms.Select):
    """Each option says which film its character belongs to, so the page can hide the others."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-film"] = str(instance.film_id)
        return option


def limit_character_field(formfield, characters):
    """Give a credit's character field its choices grouped by film, read once per form set.

    Reading the choices here (one query) instead of per row keeps a person with many credits
    at a fixed number of queries.
    """
    characters = list(characters.select_related("film").order_by("film__name", "film_id", "order", "name"))
    groups: dict = {}
    for character in characters:
        groups.setdefault(character.film, []).append(
            (ModelChoiceIteratorValue(character.pk, character), character.display_name)
        )
    choices = [("", formfield.empty_label or "---------")]
    if len(groups) == 1:
        choices += next(iter(groups.values()))
    else:
        choices += [(film.display_name, options) for film, options in groups.items()]
    formfield.widget = CharacterSelect()
    formfield.choices = choices
    return formfield
