"""The review workflow's e-mails: to the editors when a draft is submitted; to its writer when it is sent
back (with the comment), scheduled or published.

Queued when the step's transaction commits, so a step that is rolled back mails nobody, and sent by
the background worker through Django's task API (a slow mail server never holds up the admin).
Each mail is written in its recipient's working language (`WorkingLanguage`), English by default,
and reads the entry as it is when the mail is sent: an entry deleted by then is not mailed about.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import WorkingLanguage
from .publishing import moment

logger = logging.getLogger(__name__)

SUBMITTED, SENT_BACK, SCHEDULED, PUBLISHED = "submitted", "sent_back", "scheduled", "published"


def editors_of(obj, *, besides=None) -> list[int]:
    """Who may publish this kind of entry and has an address, leaving out whoever took the step."""
    opts = obj._meta
    users = get_user_model()._default_manager.with_perm(
        f"{opts.app_label}.publish_{opts.model_name}", backend="django.contrib.auth.backends.ModelBackend"
    )
    users = users.exclude(email="")
    if besides is not None:
        users = users.exclude(pk=besides.pk)
    return list(users.values_list("pk", flat=True))


def writer_of(obj, request=None, *, besides=None) -> list[int]:
    """The person who submitted the entry (its review request), else who made it; not the one acting."""
    writer_id = (request.submitted_by_id if request is not None else None) or getattr(obj, "created_by_id", None)
    if writer_id is None or (besides is not None and writer_id == besides.pk):
        return []
    return [writer_id]


def notify(step: str, obj, *, recipients: list[int], actor=None, comment: str = "") -> None:
    """Mail the step to these people once the current transaction commits."""
    if not recipients:
        return
    arguments = {
        "step": step,
        "model": obj._meta.label,
        "pk": obj.pk,
        "recipients": recipients,
        "actor": actor.get_username() if actor is not None else "",
        "comment": comment,
    }
    # robust: a queue that cannot be reached is logged, and never undoes or fails the step itself.
    transaction.on_commit(lambda: send_step_mail.enqueue(**arguments), robust=True)


@task()
def send_step_mail(*, step: str, model: str, pk: int, recipients: list[int], actor: str, comment: str) -> int:
    """Send one step's mails, each in its recipient's language; how many were sent."""
    obj = apps.get_model(model)._base_manager.filter(pk=pk).first()
    if obj is None:
        logger.info("No %s mail about %s %s: it was deleted since.", step, model, pk)
        return 0
    people = get_user_model()._default_manager.filter(pk__in=recipients, is_active=True).exclude(email="")
    languages = dict(WorkingLanguage.objects.filter(user__in=recipients).values_list("user_id", "language"))
    sent = 0
    for person in people:
        with translation.override(languages.get(person.pk, settings.LANGUAGE_CODE)):
            subject, body = _message(step, obj, actor=actor, comment=comment)
            sent += send_mail(subject, body, None, [person.email])
    return sent


def _message(step: str, obj, *, actor: str, comment: str) -> tuple[str, str]:
    opts = obj._meta
    values = {
        "title": str(obj),
        "who": actor or _("An editor"),
        "comment": comment,
        "form": settings.SITE_URL + reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        "page": settings.SITE_URL + obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
        "when": moment(obj.publish_at),
    }
    if step == SUBMITTED:
        subject = _("Submitted for review: “%(title)s”")
        body = _("%(who)s submitted “%(title)s” for review.\n\nRead it, then publish it or send it back:\n%(form)s")
    elif step == SENT_BACK:
        subject = _("Sent back for changes: “%(title)s”")
        body = _(
            "%(who)s sent “%(title)s” back for changes:\n\n%(comment)s\n\nChange it and submit it again:\n%(form)s"
        )
    elif step == SCHEDULED:
        subject = _("Scheduled: “%(title)s”")
        body = _("%(who)s scheduled “%(title)s”: it appears on the site by itself on %(when)s.\n\n%(form)s")
    else:
        subject = _("Published: “%(title)s”")
        body = _("%(who)s published “%(title)s”. It is on the site now:\n%(page)s")
    return subject % values, body % values + "\n"
