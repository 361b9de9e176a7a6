from django import template
from django.utils.translation import ngettext

from editorial.publishing_admin import to_the_minute
from editorial.worklist import worklist

register = template.Library()


@register.simple_tag
def editorial_worklist(user):
    """`{% editorial_worklist request.user as work %}`: drafts, schedule and reviews for the admin home."""
    return worklist(user)


@register.filter
def duration(delta) -> str:
    """A timedelta as people say it: “15 minutes”, “2 hours”."""
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%d hour", "%d hours", hours) % hours
    return ngettext("%d minute", "%d minutes", minutes) % minutes


register.filter("to_the_minute", to_the_minute)
