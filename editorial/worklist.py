"""What needs an editor's attention, for the admin home: drafts submitted for review, one's own drafts
sent back with a comment, drafts, the schedule, imports to review. What has been handled leaves it:
a draft published or resubmitted, an import published or merged into another copy of its story.

A fixed number of queries whatever the amount of content: one per publishable model for drafts,
one per model for the schedule, one per reviewable model for the entries to review (each capped),
and one for each kind of review request, then one per kind of entry they are about.
The models are found, not named: every publishable content model, and among them those with a
"needs review" flag (imported articles).
"""

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.urls import reverse
from django.utils import timezone

from .models import ReviewRequest
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
        for obj in model.objects.unsettled().drafts().order_by("-updated")[:limit]:
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
        for obj in model.objects.unsettled().filter(needs_review=True).order_by("created")[:limit]:
            # A model may say its stored reason in the reader's language (news.Article does).
            note = obj.shown_review_reason() if hasattr(obj, "shown_review_reason") else obj.review_reason
            entries.append(_entry(obj, obj.created, note=note))
    return sorted(entries, key=lambda entry: entry.when)[:limit]


def _requested(user, requests, note, when: str = "submitted_at") -> list[Entry]:
    """The entries of these review requests the user may see, each with `note(request)`, dated by the
    request's `when`."""
    viewable = set(_viewable(user))
    entries = []
    for content_type, group in groupby(sorted(requests, key=lambda r: r.content_type_id), key=lambda r: r.content_type):
        model = content_type.model_class()
        if model not in viewable:
            continue
        group = list(group)
        found = model.objects.in_bulk([request.object_id for request in group])
        for request in group:
            if request.object_id in found:  # an entry deleted since needs nobody
                entries.append(_entry(found[request.object_id], getattr(request, when), note=note(request)))
    return entries


def waiting(user, *, limit: int = LIMIT) -> list[Entry]:
    """Drafts contributors submitted, oldest first, with who submitted them: two queries, then one per kind."""
    requests = list(ReviewRequest.objects.waiting().select_related("content_type", "submitted_by")[: limit * 2])

    def who(request):
        return request.submitted_by.get_username() if request.submitted_by else "—"

    return sorted(_requested(user, requests, who), key=lambda entry: entry.when)[:limit]


def sent_back(user, *, limit: int = LIMIT) -> list[Entry]:
    """The user's own drafts an editor sent back, with the comment, until they resubmit them (or an
    editor publishes them): one query, then one per kind."""
    requests = list(
        ReviewRequest.objects.filter(state=ReviewRequest.State.RETURNED, submitted_by=user)
        .select_related("content_type")
        .order_by("-decided_at")[:limit]
    )
    entries = _requested(user, requests, lambda request: request.comment, when="decided_at")
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def worklist(user) -> dict:
    return {
        "waiting": waiting(user),
        "sent_back": sent_back(user),
        "drafts": drafts(user),
        "schedule": schedule(user),
        "to_review": to_review(user),
    }
