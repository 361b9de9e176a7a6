"""The background worker's part: drawing the cards that writes queued (`sharing.cards.queue`)."""

from django_tasks import task

from .cards import queue_stale, refresh


@task(priority=-50)  # behind imports and feeds: the poster stands in meanwhile
def draw_cards(kind: str, pks: list[int]) -> int:
    return refresh(kind, pks)


@task(priority=-50)
def queue_stale_cards() -> int:
    """After the film changed (a new poster is every card's backdrop): find the cards it made stale."""
    return queue_stale()
