"""The background worker's part: drawing the cards that writes queued (`sharing.cards.queue`)."""

from django_tasks import task

from .cards import queue_stale, refresh


@task(queue_name="cards")  # a worker of its own: imports and feeds never wait behind thousands of cards
def draw_cards(kind: str, pks: list[int]) -> int:
    return refresh(kind, pks)


@task(queue_name="cards")
def queue_stale_cards() -> int:
    """After the film changed (a new poster is every card's backdrop): find the cards it made stale."""
    return queue_stale()
