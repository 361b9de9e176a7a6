"""Addresses that go into a page's links: web addresses (http and https) only, whoever wrote them.

The admin's forms already refuse other schemes, but rows can be written without them (the shell,
fixtures, scripts). So a save of any content row checks its URL fields (`check_schemes`, connected
by `editorial.cleaning`), and the templates and JSON-LD link only what `web_url` lets through.
An address the site itself fetches (a feed's) may carry no user name or password (`without_credentials`):
the fetcher refuses them too, rather than send them in the clear or keep them in its errors.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

SCHEMES = frozenset({"http", "https"})


def is_web_url(value: str) -> bool:
    try:
        parts = urlsplit((value or "").strip())
    except ValueError:
        return False
    return parts.scheme.lower() in SCHEMES and bool(parts.netloc)


def web_url(value: str) -> str:
    """The address if it is a web address, else nothing (so no `javascript:` ever becomes a link)."""
    return value.strip() if is_web_url(value) else ""


def has_credentials(value: str) -> bool:
    """Whether the address names a user or password (`https://user:pass@host/`)."""
    try:
        return "@" in urlsplit((value or "").strip()).netloc
    except ValueError:
        return False


def without_credentials(value: str) -> None:
    """A field's validator: refuse an address that carries a user name or password."""
    if has_credentials(value):
        raise ValidationError(
            _("Leave the user name and password out of the address: the site does not send them."),
            code="credentials",
        )


class WebURLField(models.URLField):
    """A model's web address. Its forms read an address typed without a scheme as https://, as Django
    6.0 will for every URL field (Django 5.2 warns about the change until a form says which)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def check_schemes(sender, instance, raw=False, **kwargs):
    """Refuse to save a URL field holding anything but an http(s) address."""
    errors = {
        field.name: "Only web addresses (http:// or https://) can be saved here."
        for field in sender._meta.concrete_fields
        if isinstance(field, models.URLField)
        and getattr(instance, field.attname)
        and not is_web_url(getattr(instance, field.attname))
    }
    if errors:
        raise ValidationError(errors)
