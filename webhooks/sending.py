"""Sending deliveries: signed, through the fetcher's address rules, each attempt logged, a failure tried
again after the next wait of WEBHOOK_RETRY_WAITS until they run out."""

import datetime as dt
import json
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.fetching import FetchError, Refused, post

from . import signing
from .models import Attempt, Delivery

USER_AGENT = "StarlightWebhooks/1.0 (the Lost in Starlight film site)"
ANSWER_EXCERPT = 1000  # bytes of an answer's body kept in the log


def queue(deliveries: list[Delivery]) -> None:
    """Save these deliveries and send them from the task queue, in this order, as one task."""
    if not deliveries:
        return
    from .tasks import deliver

    with transaction.atomic():
        Delivery.objects.bulk_create(deliveries)
        deliver.enqueue([delivery.pk for delivery in deliveries])


def body_of(delivery: Delivery) -> bytes:
    return json.dumps({"delivery": delivery.pk, **delivery.payload}, ensure_ascii=False, sort_keys=True).encode()


def attempt(delivery: Delivery) -> Attempt:
    """Send the delivery once and log the answer; plan the next try if it failed and tries are left."""
    body = body_of(delivery)
    started, clock = timezone.now(), time.monotonic()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Starlight-Event": delivery.event,
        "Starlight-Delivery": str(delivery.pk),
        signing.HEADER: signing.sign(delivery.endpoint.secret, body, int(started.timestamp())),
    }
    status, answer, error, final = None, "", "", False
    try:
        answered = post(delivery.endpoint.url, body, headers, excerpt=ANSWER_EXCERPT)
        status, answer = answered.status, answered.body.decode("utf-8", "replace")
    except Refused as exc:  # the address will not become public by waiting
        error, final = str(exc), True
    except FetchError as exc:
        error = str(exc)
    duration = round((time.monotonic() - clock) * 1000)
    delivery.attempts_made += 1
    logged = Attempt(
        delivery=delivery,
        number=delivery.attempts_made,
        started_at=started,
        status=status,
        answer=answer,
        error=error[:300],
        duration_ms=duration,
    )
    waits = settings.WEBHOOK_RETRY_WAITS
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.next_attempt_at = Delivery.State.DELIVERED, None
    elif final or delivery.attempts_made > len(waits):
        delivery.state, delivery.next_attempt_at = Delivery.State.FAILED, None
    else:
        delivery.next_attempt_at = started + dt.timedelta(seconds=waits[delivery.attempts_made - 1])
    with transaction.atomic():
        logged.save()
        delivery.save(update_fields=["state", "attempts_made", "next_attempt_at"])
        if delivery.state == Delivery.State.PENDING:
            from .tasks import deliver

            deliver.using(run_after=delivery.next_attempt_at).enqueue([delivery.pk])
    return logged


def send_pending(pks: list[int]) -> int:
    """Try each of these deliveries still waiting, in order; how many were delivered."""
    deliveries = Delivery.objects.filter(pk__in=pks, state=Delivery.State.PENDING).select_related("endpoint")
    return sum(attempt(delivery).delivery.state == Delivery.State.DELIVERED for delivery in deliveries.order_by("pk"))


def send_again(deliveries) -> list[Delivery]:
    """New deliveries of the same payloads (the log of the first ones stays as it was), queued."""
    copies = [
        Delivery(
            endpoint_id=delivery.endpoint_id,
            event=delivery.event,
            kind=delivery.kind,
            object_id=delivery.object_id,
            payload=delivery.payload,
            resent_from=delivery,
        )
        for delivery in deliveries
    ]
    queue(copies)
    return copies
