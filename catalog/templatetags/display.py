"""Small display helpers for the public templates: names in the visitor's language, cast columns."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from editorial.weblinks import web_url

register = template.Library()


@register.filter
def local(obj, field="name"):
    """obj.<field>_ko on Korean pages when it is filled in, else obj.<field> (e.g. a topic's name)."""
    value = getattr(obj, field, "")
    if (get_language() or "").startswith("ko"):
        return getattr(obj, f"{field}_ko", "") or value
    return value


register.filter("web_url", web_url)  # {{ link.url|web_url }}: http(s) addresses only, else nothing


@register.filter
def voices_by_language(row, languages):
    """A cast row as (language label, credits) pairs, in the table's language order, empty ones left out."""
    return [
        (label, credits) for (_code, label), credits in zip(languages, row.voices_in(languages), strict=True) if credits
    ]


@register.filter
def public_people(credits):
    """Credits whose person visitors may see: a draft person's name never shows on a public page."""
    return [credit for credit in credits if credit.person.is_public]


def _current_language() -> str:
    return (get_language() or "en").split("-")[0]


@register.simple_tag
def lang_attr(text_language="en"):
    """` lang="en"` on a page in another language, for text that exists in one language only."""
    return format_html(' lang="{}"', text_language) if text_language != _current_language() else ""


@register.simple_tag
def local_lang(obj, field):
    """The lang attribute for obj.local_<field>: English where a Korean page falls back to the English text."""
    if _current_language() == "ko" and getattr(obj, field, "") and not getattr(obj, f"{field}_ko", ""):
        return format_html(' lang="{}"', "en")
    return ""
