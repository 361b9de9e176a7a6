"""Small template helpers for catalog pages."""

import re

from django import template

from common.text import one_line_ending
from common.videos import youtube_player

from ..figures import with_figures

register = template.Library()
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@register.filter
def voices_in(row, languages):
    """A cast row's credits, one list per language column."""
    return row.voices_in(languages)


@register.filter
def paragraphs(text):
    """Split plain text on blank lines, for synopses and biographies (rows saved before line endings
    were made one may still hold "\r\n")."""
    return [block.strip() for block in _BLANK_LINE.split(one_line_ending(text or "")) if block.strip()]


@register.filter
def youtube_embed(video_id):
    """The privacy-enhanced embed address, loaded by trailer.js only after a click."""
    return youtube_player(video_id)


@register.filter
def figures(body):
    """A sanitised rich-text body with its library pictures and videos drawn (catalog.figures)."""
    return with_figures(body)
