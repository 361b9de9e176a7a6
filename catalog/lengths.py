"""Song lengths: typed as minutes:seconds or as seconds, shown as m:ss, given to machines in ISO 8601."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

LENGTH_HELP = _("Minutes and seconds, e.g. 3:41 (or 1:02:05 with hours), or the seconds alone, e.g. 221.")
_CLOCK = re.compile(r"(?:(?P<hours>\d{1,2}):(?=\d{1,2}:))?(?:(?P<minutes>\d{1,3}):)?(?P<seconds>\d{1,5})")


def parse_length(text: str) -> dt.timedelta | None:
    """“3:41”, “1:02:05” or “221” as a length; None when blank. Seconds after a colon must be under 60."""
    text = (text or "").strip()
    if not text:
        return None
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise ValidationError(_("Enter the length as minutes:seconds, e.g. 3:41, or as seconds, e.g. 221."))
    hours, minutes, seconds = (int(match[part] or 0) for part in ("hours", "minutes", "seconds"))
    if (match["minutes"] is not None and seconds > 59) or (match["hours"] is not None and minutes > 59):
        raise ValidationError(_("Minutes and seconds after a colon run from 00 to 59, e.g. 3:41."))
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def validate_length(value: dt.timedelta) -> None:
    if value <= dt.timedelta(0):
        raise ValidationError(_("A length is longer than zero seconds."))


def _parts(value: dt.timedelta) -> tuple[int, int, int]:
    minutes, seconds = divmod(round(value.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    return hours, minutes, seconds


def format_length(value: dt.timedelta | None) -> str:
    """3:41, or 1:02:05 past an hour; "" for no length."""
    if value is None:
        return ""
    hours, minutes, seconds = _parts(value)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def iso_length(value: dt.timedelta | None) -> str:
    """The ISO 8601 duration schema.org and <time datetime> read, e.g. PT3M41S; "" for no length."""
    if value is None:
        return ""
    hours, minutes, seconds = _parts(value)
    parts = [f"{number}{unit}" for number, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if number]
    return "PT" + ("".join(parts) or "0S")


class LengthFormField(forms.Field):
    """A text box for a length: reads what `parse_length` reads and shows the saved value as m:ss."""

    def to_python(self, value):
        if isinstance(value, dt.timedelta):
            return value
        return parse_length(value)

    def prepare_value(self, value):
        return format_length(value) if isinstance(value, dt.timedelta) else value

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "size": 10, "placeholder": "3:41"}


class LengthField(models.DurationField):
    """A song's length: a duration that forms read and show as m:ss, and that is never zero or less."""

    default_validators = [validate_length]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LengthFormField, **kwargs})
