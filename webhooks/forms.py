"""The endpoint form: an address the site will post to, and what it is told of."""

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from common.fetching import refusal_of

from .models import Endpoint, Event, Kind


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=Endpoint._meta.get_field("url").verbose_name,
        help_text=Endpoint._meta.get_field("url").help_text,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a whole web address, such as https://example.com/hooks.")},
    )
    events = forms.MultipleChoiceField(
        label=_("events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    kinds = forms.MultipleChoiceField(
        label=_("for"), choices=Kind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "purpose", "events", "kinds", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        if urlsplit(url).scheme not in ("http", "https"):
            raise forms.ValidationError(_("The address must start with https:// (or http://)."))
        if reason := refusal_of(url):
            raise forms.ValidationError(
                _("The site will not post there: %(reason)s. Only public addresses are allowed."),
                params={"reason": reason},
            )
        return url

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("purpose") == Endpoint.Purpose.CONTENT and not (cleaned.get("events") and cleaned.get("kinds")):
            raise forms.ValidationError(_("Choose at least one event and one kind of content to send."))
        return cleaned
