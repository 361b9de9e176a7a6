"""The background worker's part: sending webhook deliveries (`sending`)."""

from django_tasks import task

from . import sending


@task()
def deliver(pks: list[int]) -> int:
    return sending.send_pending(pks)
