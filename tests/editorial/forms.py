"""Turn an admin change page into the POST data its form would send, so tests change one field; and
make a row through its add page, as people do."""

import datetime as dt

from django import forms
from django.urls import reverse
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


def added_through_admin(client, model, **values):
    """A row made on the model's add page by the signed-in user, as people make them."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    response = client.post(url, change_form_data(client.get(url), **values))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    return model.objects.get(slug=values["slug"])
