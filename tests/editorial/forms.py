"""Turn an admin change page into the POST data its form would send, so tests change one field."""

import datetime as dt

from django import forms
from django.utils import timezone


def _field_data(form, data: dict) -> None:
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field, forms.SplitDateTimeField):
            if isinstance(value, dt.datetime):
                value = timezone.localtime(value)
                data[f"{key}_0"], data[f"{key}_1"] = value.date().isoformat(), value.strftime("%H:%M:%S")
            elif isinstance(value, list | tuple):  # a form sent back: its two inputs as they were posted
                data[f"{key}_0"], data[f"{key}_1"] = (part or "" for part in value)
            continue
        if isinstance(field, forms.FileField) or value is None:
            continue
        if isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(getattr(item, "pk", item)) for item in value]
        else:
            data[key] = str(getattr(value, "pk", value))


def change_form_data(response, **changes) -> dict:
    """The data of the page's main form and its inlines as they stand, with `changes` applied."""
    data: dict = {}
    _field_data(response.context["adminform"].form, data)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            _field_data(form, data)
    data.update(changes)
    return data
