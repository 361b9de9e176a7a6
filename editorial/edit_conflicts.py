"""A form opened before someone else's save: what changed since, field by field, and who wins.

An admin form carries the revision it was opened at (`editorial.revisions`). When that is older than
the row's, the form is not saved: it comes back with the editor's own values still in its fields and
a table of every field that changed since it was opened, with the value then, the value saved since,
and the editor's. For each, a checkbox takes the saved value ("theirs"); it starts ticked where the
editor left the field alone, so saving again keeps both people's work. A field can also be merged by
hand in the form itself. The next save is based on the revision the editor has now seen.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.defaultfilters import truncatechars
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

from common.sanitize import html_to_text, sanitize_html

from .revisions import TAKE_THEIRS
from .slugs import OldAddressesKept

UNKNOWN = object()  # a value the history does not hold
TOKEN_SALT = "editorial.edit_conflicts"


@dataclass(frozen=True)
class ChangedField:
    label: str
    then: str  # when the form was opened, as the history kept it
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


# Every editorial admin form builds on this one, so it is also where old addresses are kept.
class RevisionForm(OldAddressesKept, forms.ModelForm):
    """A model form that refuses to save over a revision its editor has not seen.

    Its hidden `revision` input carries a signed token: the revision the form was opened at and a short
    digest of each field's value then, so that "changed since" and "changed by you" are known exactly,
    whether or not the history kept a row for that revision. A token that is missing, empty or forged
    counts as opened at an unknown revision: every field that differs is shown, nothing taken unasked.
    """

    opened_row = None  # set on a restore: the row as it was when the restore page was opened

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        if "revision" in self.fields:
            label = self.fields["revision"].label  # the model's, translated
            self.fields["revision"] = forms.CharField(label=label, widget=forms.HiddenInput, required=False)
            row = self.opened_row or self.instance
            if row.pk is not None:
                self.initial["revision"] = self._token(row)

    def clean(self):
        cleaned = super().clean()
        if "revision" not in self.fields:
            return cleaned
        token = cleaned.pop("revision", "")
        if self.instance.pk is None or self.instance._state.adding:
            return cleaned  # a new row starts at the first revision
        # A change form's instance is the row as saved; a restore's is the old version it brings back.
        saved = self.instance if self.opened_row is None else self._saved_row()
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
        opened = _opened(token)
        # Saved, the row moves on from the revision the editor has seen (or had nothing to be shown).
        cleaned["revision"] = saved.revision
        if opened is not None and opened[0] == saved.revision:
            return cleaned
        changed = self._changed_since(saved, opened, cleaned)
        if not changed:
            return cleaned
        self.data = self.data.copy()
        self.data[self.add_prefix("revision")] = self._token(saved)
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

    def _token(self, row) -> str:
        digests = {name: _digest(_value_of(row, name)) for name in self._compared_fields()}
        return signing.dumps({"r": row.revision, "d": digests}, salt=TOKEN_SALT, compress=True)

    def _saved_row(self):
        return type(self.instance)._base_manager.filter(pk=self.instance.pk).first()

    def _changed_since(self, saved, opened: tuple[int, dict] | None, cleaned: dict) -> list[ChangedField]:
        history = getattr(saved, "history", None)
        record = None
        if history is not None and opened is not None:
            record = history.filter(revision=opened[0]).order_by("-history_id").first()
        digests = opened[1] if opened is not None else {}
        rich_text = set(getattr(saved, "rich_text_fields", ()))
        changed = []
        for name in self._compared_fields():
            field = self.fields[name]
            theirs = _comparable(_theirs_for_form(saved, name))
            yours = cleaned.get(name, self.data.get(self.add_prefix(name)))
            yours = _comparable(sanitize_html(yours) if name in rich_text and isinstance(yours, str) else yours)
            if theirs == yours:
                continue
            then = _comparable(_value_then(record, saved, name))
            if name in digests:
                moved, yours_moved = _digest(theirs) != digests[name], _digest(yours) != digests[name]
            elif then is not UNKNOWN:
                moved, yours_moved = theirs != then, yours != then
            else:
                moved, yours_moved = True, True  # opened at an unknown revision: the editor decides
            if not moved:
                continue
            changed.append(
                ChangedField(
                    label=str(field.label or name),
                    then=gettext("not recorded") if then is UNKNOWN else _shown(field, then),
                    theirs=_shown(field, theirs),
                    yours=_shown(field, yours),
                    take_name=self.add_prefix(name),
                    take_by_default=not yours_moved,
                )
            )
        return changed


def _opened(token: str) -> tuple[int, dict] | None:
    """The revision and the digests a form was opened with, or None for a missing or forged token."""
    try:
        value = signing.loads(token, salt=TOKEN_SALT)
        return int(value["r"]), dict(value["d"])
    except (signing.BadSignature, TypeError, KeyError, ValueError):
        return None


def _digest(value) -> str:
    stable = json.dumps(_comparable(value), cls=DjangoJSONEncoder, sort_keys=True)
    return hashlib.blake2b(stable.encode(), digest_size=6).hexdigest()


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


def _value_of(row, name):
    """A field's saved value, related rows by key (so a page of inline rows loads none of them)."""
    field = row._meta.get_field(name)
    return _theirs_for_form(row, name) if field.many_to_many else field.value_from_object(row)


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
    if isinstance(value, File):  # a stored file by its name; an upload by the name it came with
        return value.name or ""
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
