"""What the cards of people and songs show; and a change of the film, whose poster is behind every
card, has the worker look for the cards it made stale."""

from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext, override

from catalog.models import Film, Person, Song

from .cards import register
from .drawing import CardText
from .tasks import queue_stale_cards


def person_card(person: Person) -> CardText:
    with override("en"):
        return CardText(kicker=gettext("Starlight · People"), title=person.name, details=person.name_ko)


def song_card(song: Song) -> CardText:
    with override("en"):
        details = " · ".join(part for part in (song.title_ko, song.film.name) if part)
        return CardText(kicker=gettext("Starlight · Songs"), title=song.title, details=details)


register(Person, person_card)
register(Song, song_card, related=("film",))


def film_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(queue_stale_cards.enqueue)


post_save.connect(film_saved, sender=Film, dispatch_uid="sharing.film_saved")
