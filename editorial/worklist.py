"""What needs an editor's attention, for the admin home: drafts, the schedule, imports to review.

A fixed number of queries whatever the amount of content: one per publishable model for drafts,
one per model for the schedule, one per reviewable model for the entries to review (each capped).
The models are found, not named: every publishable content model, and among them those with a
"needs review" flag (imported articles).
"""

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.urls import reverse
from django.utils import timezone

from .publishing import publishable_models

LIMIT = 15


def reviewable(model) -> bool:
    names = {field.name for field in model._meta.get_fields()}
    return {"needs_review", "review_reason", "created"} <= names


@dataclass(frozen=True)
class Entry:
    title: str
    kind: str
    url: str
    when: dt.datetime
    note: str = ""


def _entry(obj, when, note="") -> Entry:
    opts = obj._meta
    return Entry(
        title=str(obj),
        kind=str(opts.verbose_name),
        url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        when=when,
        note=note,
    )


def _viewable(user):
    return [
        model
        for model in publishable_models()
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
        or user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    ]


def drafts(user, *, limit: int = LIMIT) -> list[Entry]:
    """The most recently changed drafts of every kind, newest first."""
    entries = []
    for model in _viewable(user):
        for obj in model.objects.drafts().order_by("-updated")[:limit]:
            entries.append(_entry(obj, obj.updated))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)[:limit]


def schedule(user, *, limit: int = 50) -> list[tuple[dt.date, list[Entry]]]:
    """Scheduled items in the order they will appear, grouped by day like a calendar."""
    entries = []
    for model in _viewable(user):
        for obj in model.objects.scheduled().order_by("publish_at")[:limit]:
            entries.append(_entry(obj, obj.publish_at))
    entries = sorted(entries, key=lambda entry: entry.when)[:limit]
    return [
        (day, list(items)) for day, items in groupby(entries, key=lambda entry: timezone.localtime(entry.when).date())
    ]


def to_review(user, *, limit: int = LIMIT) -> list[Entry]:
    """Entries the importer flagged, oldest first so nothing waits forever."""
    entries = []
    for model in filter(reviewable, _viewable(user)):
        for obj in model.objects.filter(needs_review=True).order_by("created")[:limit]:
            entries.append(_entry(obj, obj.created, note=obj.review_reason))
    return sorted(entries, key=lambda entry: entry.when)[:limit]


def worklist(user) -> dict:
    return {"drafts": drafts(user), "schedule": schedule(user), "to_review": to_review(user)}
