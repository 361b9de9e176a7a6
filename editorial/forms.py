"""Form pieces the site shares: the publishing form, the character picker, a fast <select>, menus by local name."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .kept import inputs_key, kept
from .languages import local_text

# Submit buttons of the change form that decide visibility (only for those allowed to publish).
PUBLISH_NOW = "_publish_now"
SCHEDULE = "_schedule"
UNPUBLISH = "_unpublish"
SEND_BACK = "_send_back"  # a draft waiting for review goes back to its writer, with a comment
PUBLISHING_BUTTONS = frozenset({PUBLISH_NOW, SCHEDULE, UNPUBLISH, SEND_BACK})
# A contributor's button: the draft goes to the editors' review queue.
SUBMIT_FOR_REVIEW = "_submit_for_review"
REVIEW_COMMENT = "review_comment"


class PublishingForm(forms.ModelForm):
    """Checks the schedule button's promise: a schedule needs a time still to come."""

    def clean(self):
        cleaned = super().clean()
        if SEND_BACK in self.data and not self.data.get(REVIEW_COMMENT, "").strip():
            raise forms.ValidationError(_("Say what to change: sending a draft back needs a comment for its writer."))
        if SCHEDULE in self.data and "publish_at" in self.fields:
            publish_at = cleaned.get("publish_at")
            if publish_at is not None and publish_at <= timezone.now():
                self.add_error(
                    "publish_at",
                    _("To schedule, pick a time in the future; to publish straight away, use “Save and publish now”."),
                )
        return cleaned


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


class LocalNameChoiceField(forms.ModelChoiceField):
    """A menu of rows labelled by their name in the page's language (name_ko on Korean pages)."""

    def label_from_instance(self, obj):
        return local_text(obj, "name")


class LocalNameChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter menu of films, topics…: Korean pages list their Korean names where they have one."""

    field_class = LocalNameChoiceField


class KeptLookup:
    """For a choice field whose queryset is its model's `.published()`: the row an address names (a
    topic's slug) is looked up once per change of content, kept under the content stamp, instead of
    on every request (a query and its compilation, about 1 ms of CPU, on each visit to a filtered
    list). The answer is shared by every such field of the model: its queryset must be that one."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        label = f"choice:{self.queryset.model._meta.label_lower}:{self.to_field_name or 'pk'}:{inputs_key(value)}"
        found = kept(label, lambda: self._look_up(value))
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found

    def _look_up(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None  # kept too: an address naming nothing published is answered from the cache as well


class PublishedChoiceField(KeptLookup, forms.ModelChoiceField):
    pass


class PublishedLocalNameChoiceField(KeptLookup, LocalNameChoiceField):
    pass


class PublishedChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by a published row (`KeptLookup`)."""

    field_class = PublishedChoiceField


class PublishedLocalNameChoiceFilter(LocalNameChoiceFilter):
    """A filter by a published row, labelled by its local name (`KeptLookup`)."""

    field_class = PublishedLocalNameChoiceField


class PlainSelect(forms.Select):
    """A <select> written in Python rather than through Django's widget templates.

    The public list pages render their filter menus on every request, and the template renderer
    spends about a tenth of a millisecond on each <option> (two includes apiece): 1,000 topics
    took most of the news list's time. Same markup, same escaping; flat choices only.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option), mark_safe(" selected") if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, _attributes(self.build_attrs(self.attrs, attrs)), options
        )


class PlainInput:
    """An <input> written in Python, as PlainSelect writes a <select>: through the widget templates,
    each of the public filter forms' inputs cost about 0.3 ms (two includes apiece). Same markup and
    escaping as Django's `input.html`."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = format_html(' value="{}"', value) if value is not None else ""
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        return format_html('<input type="{}" name="{}"{}{}>', self.input_type, name, shown, attributes)


class PlainTextInput(PlainInput, forms.TextInput):
    pass


class PlainNumberInput(PlainInput, forms.NumberInput):
    pass


def _attributes(attrs: dict) -> str:
    """Attributes as Django's `attrs.html` writes them: in order, True as a bare name, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )
