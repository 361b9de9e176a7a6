"""`{% share_picture entry own=entry.photo as image %}`: the picture a page shares (its Open Graph and
Twitter image): the entry's own, else its drawn card, else the film's poster while the card is
still to be drawn."""

from django import template

from catalog.selectors import the_film

from ..cards import cards_for

register = template.Library()


@register.simple_tag
def share_picture(entry, own=None):
    if own:
        return own
    card = cards_for([entry]).get(entry.pk)
    return card or getattr(the_film(), "poster", None)
