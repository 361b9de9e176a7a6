"""The background worker's part: drawing the cards that writes queued (`sharing.cards.queue`)."""

from django_tasks import task

from .cards import refresh


@task(priority=-50)  # behind imports and feeds: the poster stands in meanwhile
def draw_cards(kind: str, pks: list[int]) -> int:
    return refresh(kind, pks)
