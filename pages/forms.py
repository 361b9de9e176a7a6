"""Form pieces the public list pages share: menus by local name, filters by a published row, and
widgets written in Python."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from caching.cached import cached, inputs_key
from common.languages import local_text


class LocalNameChoiceField(forms.ModelChoiceField):
    """A menu of rows labelled by their name in the page's language (name_ko on Korean pages)."""

    def label_from_instance(self, obj):
        return local_text(obj, "name")


class LocalNameChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter menu of films, topics…: Korean pages list their Korean names where they have one."""

    field_class = LocalNameChoiceField


class CachedLookup:
    """For a choice field whose queryset is its model's `.published()`: the row an address names (a
    topic's slug) is looked up once per change of content, kept under the content cache version,
    instead of on every request (a query and its compilation on each visit to a filtered list). The
    answer is shared by every such field of the model: its queryset must be that one."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        label = f"choice:{self.queryset.model._meta.label_lower}:{self.to_field_name or 'pk'}:{inputs_key(value)}"
        found = cached(label, lambda: self._look_up(value))
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found

    def _look_up(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None  # kept too: an address naming nothing published is answered from the cache as well


class PublishedChoiceField(CachedLookup, forms.ModelChoiceField):
    pass


class PublishedLocalNameChoiceField(CachedLookup, LocalNameChoiceField):
    pass


class PublishedChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by a published row (`CachedLookup`)."""

    field_class = PublishedChoiceField


class PublishedLocalNameChoiceFilter(LocalNameChoiceFilter):
    """A filter by a published row, labelled by its local name (`CachedLookup`)."""

    field_class = PublishedLocalNameChoiceField


class PlainSelect(forms.Select):
    """A <select> written in Python rather than through Django's widget templates.

    The public list pages render their filter menus on every request, and the template renderer
    runs two includes for each <option>, a thousand times over for a thousand topics. Same markup,
    same escaping; flat choices only.
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
    each of the public filter forms' inputs ran two includes on every request. Same markup and
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
