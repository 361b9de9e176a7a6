"""The review workflow's steps: a draft submitted, sent back with a comment, or approved by publishing.

Each step updates the entry's one ReviewRequest row (where it stands now); the entry's history keeps
every step. The admin's buttons, its bulk action and tests all come through here.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ReviewRequest

State = ReviewRequest.State

# The steps shown as badges and list filters: approved entries are simply drafts, scheduled or live.
SHOWN_STEPS = {State.WAITING: _("Submitted"), State.RETURNED: _("Sent back")}


def submit(obj, *, user) -> ReviewRequest:
    """The writer's draft goes to the editors' review queue."""
    return ReviewRequest.submit(obj, user=user)


def send_back(obj, *, user, comment: str) -> bool:
    """The draft waiting for review goes back to its writer with the comment; whether one was waiting."""
    return ReviewRequest.decide(obj, user=user, state=State.RETURNED, comment=comment) > 0


def approve(obj, *, user) -> bool:
    """Published or scheduled: a request still open (waiting, or sent back and published all the same) is
    settled, so the entry leaves the queue and its writer's "came back" list; whether one was open."""
    open_requests = ReviewRequest.objects.for_object(obj).exclude(state=State.APPROVED)
    return open_requests.update(state=State.APPROVED, decided_by=user, decided_at=timezone.now()) > 0


def with_step(queryset):
    """The rows annotated with `review_step`: the state of their review request, or None."""
    requests = ReviewRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model), object_id=OuterRef("pk")
    )
    return queryset.annotate(review_step=Subquery(requests.values("state")[:1]))


def at_step(queryset, state: str):
    """The rows whose review request is at this state."""
    requests = ReviewRequest.objects.filter(content_type=ContentType.objects.get_for_model(queryset.model), state=state)
    return queryset.filter(pk__in=requests.values("object_id"))
