"""`{{ article.shown_at|machine_datetime }}`: a `<time datetime>` value in the site's time zone."""

from django import template

from common import dates

register = template.Library()


@register.filter(expects_localtime=True)
def machine_datetime(when):
    return dates.machine_datetime(when) if when else ""
