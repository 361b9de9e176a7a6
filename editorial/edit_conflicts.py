"""A form opened before someone else's save: what changed since, field by field, and who wins.

An admin form carries the revision it was opened at (`editorial.revisions`). When that is older than
the row's, the form is not saved: it comes back with the editor's own values still in its fields and
a table of every field that changed since it was opened, with the value then, the value saved since,
and the editor's. For each, a checkbox takes the saved value ("theirs"); it starts ticked where the
editor left the field alone, so saving again keeps both people's work. A field can also be merged by
hand in the form itself. The next save is based on the revision the editor has now seen.
"""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import truncatechars
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

from common.sanitize import html_to_text, sanitize_html

from .revisions import TAKE_THEIRS

UNKNOWN = object()  # a value the history does not hold


@dataclass(frozen=True)
class ChangedField:
    label: str
    then: str  # when the form was opened ("" where the history does not say)
    theirs: str  # saved since
    yours: str
    take_name: str  # the checkbox's value: the field's name with the form's prefix
    take_by_default: bool  # the editor left this field as it was


@dataclass(frozen=True)
class Conflict:
    title: str  # which row: the form's own or an inline row's
    saved_by: str
    saved_at: str
    fields: list[ChangedField]


class RevisionForm(forms.ModelForm):
    """A model form that refuses to save over a revision its editor has not seen."""

    opened_revision: int | None = None  # set on a restore: the revision the restore page was opened at

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        if "revision" in self.fields and self.opened_revision is not None:
            self.initial["revision"] = self.opened_revision

    def clean(self):
        cleaned = super().clean()
        if "revision" not in self.fields or self.instance.pk is None or self.instance._state.adding:
            return cleaned
        # A change form's instance is the row as saved; a restore's is the old version it brings back.
        saved = self.instance if self.opened_revision is None else self._saved_row()
        if saved is None:
            return cleaned
        taken = set(self.data.getlist(TAKE_THEIRS)) if hasattr(self.data, "getlist") else set()
        taken_names = [name for name in self._compared_fields() if self.add_prefix(name) in taken]
        if taken_names:
            self.data = self.data.copy()  # so the form, if it comes back again, shows what was taken
        for name in taken_names:
            cleaned[name] = _theirs_for_form(saved, name)
            self._errors.pop(name, None)
            _put_in_data(self, name, cleaned[name])
        opened, current = cleaned.get("revision"), saved.revision
        if opened is None or opened == current:
            return cleaned
        changed = self._changed_since(saved, opened, cleaned)
        # The next save is based on what the editor has now been shown (or had nothing to be shown).
        cleaned["revision"] = current
        if not changed:
            return cleaned
        self.data = self.data.copy()
        self.data[self.add_prefix("revision")] = str(current)
        latest = _latest_history(saved)
        self.conflict = Conflict(
            title=str(saved),
            saved_by=str(getattr(latest, "history_user", None) or gettext("someone else")),
            saved_at=date_format(localtime(latest.history_date), "DATETIME_FORMAT") if latest else "",
            fields=changed,
        )
        raise ValidationError(
            _("Someone else saved this since you opened it. Nothing of yours is lost: choose below, then save again."),
            code="edit_conflict",
        )

    def _compared_fields(self) -> list[str]:
        opts = self.instance._meta
        names = {field.name for field in [*opts.concrete_fields, *opts.many_to_many]}
        return [name for name in self.fields if name in names and name != "revision"]

    def _saved_row(self):
        return type(self.instance)._base_manager.filter(pk=self.instance.pk).first()

    def _changed_since(self, saved, opened: int, cleaned: dict) -> list[ChangedField]:
        history = getattr(saved, "history", None)
        record = history.filter(revision=opened).order_by("-history_id").first() if history is not None else None
        rich_text = set(getattr(saved, "rich_text_fields", ()))
        changed = []
        for name in self._compared_fields():
            field = self.fields[name]
            theirs = _comparable(_theirs_for_form(saved, name))
            yours = cleaned.get(name, self.data.get(self.add_prefix(name)))
            yours = _comparable(sanitize_html(yours) if name in rich_text and isinstance(yours, str) else yours)
            then = _comparable(_value_then(record, saved, name))
            moved = theirs != then if then is not UNKNOWN else theirs != yours
            if not moved or theirs == yours:
                continue
            changed.append(
                ChangedField(
                    label=str(field.label or name),
                    then="" if then is UNKNOWN else _shown(field, then),
                    theirs=_shown(field, theirs),
                    yours=_shown(field, yours),
                    take_name=self.add_prefix(name),
                    take_by_default=then is not UNKNOWN and yours == then,
                )
            )
        return changed


def _put_in_data(form, name: str, value) -> None:
    """Write a value into a bound form's data as its widget would have sent it."""
    field, key = form.fields[name], form.add_prefix(name)
    prepared = field.prepare_value(value)
    if isinstance(field.widget, forms.MultiWidget):
        for index, part in enumerate(field.widget.decompress(prepared)):
            form.data[f"{key}_{index}"] = "" if part is None else str(part)
    elif isinstance(field.widget, forms.CheckboxInput):
        if prepared:
            form.data[key] = "on"
        else:
            form.data.pop(key, None)
    elif isinstance(prepared, list | tuple):
        form.data.setlist(key, [str(item) for item in prepared])
    else:
        form.data[key] = "" if prepared is None else str(prepared)


def conflicts_of(forms_and_formsets) -> list[Conflict]:
    """Every conflict among a change page's forms: its own and each inline row's."""
    found = []
    for item in forms_and_formsets:
        for form in getattr(item, "forms", [item]):
            if getattr(form, "conflict", None) is not None:
                found.append(form.conflict)
    return found


def _latest_history(instance):
    history = getattr(instance, "history", None)
    return history.order_by("-history_date").first() if history is not None else None


def _theirs_for_form(instance, name):
    """The row's saved value, as the form field would have cleaned it."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(instance, name).all())
    if field.is_relation:
        return getattr(instance, name)
    return field.value_from_object(instance)


def _value_then(record, instance, name):
    if record is None:
        return UNKNOWN
    field = instance._meta.get_field(name)
    if field.many_to_many:
        history_fields = {f.name: f for f in getattr(record, "_history_m2m_fields", [])}
        if name not in history_fields:
            return UNKNOWN
        reverse = get_m2m_reverse_field_name(history_fields[name])
        return list(getattr(record, name).values_list(f"{reverse}_id", flat=True))
    if field.is_relation:
        return getattr(record, field.attname, UNKNOWN)
    return getattr(record, field.attname, UNKNOWN)


def _comparable(value):
    """Values as a form and the database both give them: related rows by key, no text as ""."""
    if value is UNKNOWN:
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return tuple(sorted((_comparable(item) for item in value), key=str))
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)  # a form's time stops at the second
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def _shown(formfield, value) -> str:
    """A value as an editor reads it: labels for choices and rows, text without markup, short."""
    if value in ("", ()):
        return "—"
    if isinstance(formfield, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        keys = value if isinstance(value, tuple) else (value,)
        rows = formfield.queryset.model._base_manager.in_bulk(list(keys))
        return ", ".join(str(rows.get(key, key)) for key in keys)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dt.datetime):
        return date_format(localtime(value), "DATETIME_FORMAT")
    choices = dict(getattr(formfield, "choices", None) or [])
    if value in choices:
        return str(choices[value])
    text = html_to_text(value) if isinstance(value, str) and "<" in value else str(value)
    return truncatechars(text, 300)
