"""Reading settings from the environment, for the Django settings and gunicorn.conf.py alike."""

import os
import re

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable; anything but a clear yes or no is a configuration error."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_ints(name: str, default: str) -> list[int]:
    """Comma-separated whole numbers; anything else is a configuration error."""
    values = env_list(name, default)
    if not all(value.isdigit() for value in values):
        raise ImproperlyConfigured(f"{name} takes whole numbers separated by commas; got {','.join(values)!r}.")
    return [int(value) for value in values]


def env_host_ports(name: str) -> list[str]:
    """Comma-separated host or host:port entries, lower-cased; anything else is a configuration error."""
    entries = [entry.lower() for entry in env_list(name, "")]
    for entry in entries:
        if not re.fullmatch(r"(\[[0-9a-f:.]+\]|[^\s\[\]:/@]+)(:[0-9]{1,5})?", entry):
            raise ImproperlyConfigured(f"{name} takes host or host:port entries, separated by commas; got {entry!r}.")
    return entries
