"""Small template helpers for catalog pages."""

from django import template

from ..trailers import embed_url

register = template.Library()


@register.filter
def voices_in(row, languages):
    """A cast row's credits, one list per language column."""
    return row.voices_in(languages)


@register.filter
def paragraphs(text):
    """Split plain text on blank lines, for synopses and biographies."""
    return [block.strip() for block in (text or "").split("\n\n") if block.strip()]


@register.filter
def youtube_embed(video_id):
    """The privacy-enhanced embed address, loaded by trailer.js only after a click."""
    return embed_url(video_id)
