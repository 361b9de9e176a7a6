"""What the cards of people and songs show."""

from django.utils.translation import gettext, override

from catalog.models import Person, Song

from .cards import register
from .drawing import CardText


def person_card(person: Person) -> CardText:
    with override("en"):
        return CardText(kicker=gettext("Starlight · People"), title=person.name, details=person.name_ko)


def song_card(song: Song) -> CardText:
    with override("en"):
        details = " · ".join(part for part in (song.title_ko, song.film.name) if part)
        return CardText(kicker=gettext("Starlight · Songs"), title=song.title, details=details)


register(Person, person_card)
register(Song, song_card, related=("film",))
