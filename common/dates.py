"""Dates written for machines."""

import datetime as dt


def machine_datetime(when: dt.datetime) -> str:
    """ISO 8601 in whole seconds, as a `<time datetime>` takes it: HTML allows one to three digits of
    a second's fraction, and a moment stamped by "publish now" carries six."""
    return when.isoformat(timespec="seconds")
