"""The review workflow's steps: a draft submitted, sent back with a comment, or approved by publishing.

Each step updates the entry's one ReviewRequest row (where it stands now); the entry's history keeps
every step. Each mails those it concerns (editorial/notifications.py), and remembers the language the
person taking it works in, for the mails they will get. The admin's buttons, its bulk action and tests
all come through here.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import notifications
from .models import ReviewRequest, WorkingLanguage

State = ReviewRequest.State

# The steps shown as badges and list filters: approved entries are simply drafts, scheduled or live.
SHOWN_STEPS = {State.WAITING: _("Submitted"), State.RETURNED: _("Sent back")}


def submit(obj, *, user, language: str | None = None) -> ReviewRequest:
    """The writer's draft goes to the editors' review queue; they are told by mail."""
    WorkingLanguage.remember(user, language)
    request = ReviewRequest.submit(obj, user=user)
    notifications.notify(
        notifications.SUBMITTED, obj, recipients=notifications.editors_of(obj, besides=user), actor=user
    )
    return request


def send_back(obj, *, user, comment: str, language: str | None = None) -> bool:
    """The draft waiting for review goes back to its writer with the comment, by mail too; whether one
    was waiting."""
    WorkingLanguage.remember(user, language)
    if not ReviewRequest.decide(obj, user=user, state=State.RETURNED, comment=comment):
        return False
    request = ReviewRequest.objects.for_object(obj).first()
    recipients = notifications.writer_of(obj, request, besides=user)
    notifications.notify(notifications.SENT_BACK, obj, recipients=recipients, actor=user, comment=comment)
    return True


def approve(obj, *, user, announce: bool = True, language: str | None = None) -> bool:
    """Published or scheduled: a request still open (waiting, or sent back and published all the same) is
    settled, so the entry leaves the queue and its writer's "came back" list; whether one was open.

    The writer is told it is scheduled or live, unless `announce` is off (it was live already).
    """
    WorkingLanguage.remember(user, language)
    open_requests = ReviewRequest.objects.for_object(obj).exclude(state=State.APPROVED)
    settled = open_requests.update(state=State.APPROVED, decided_by=user, decided_at=timezone.now()) > 0
    if announce:
        step = notifications.SCHEDULED if obj.publish_at > timezone.now() else notifications.PUBLISHED
        notifications.notify(step, obj, recipients=notifications.writer_of(obj, besides=user), actor=user)
    return settled


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
