"""Small display helpers for the public templates: names in the visitor's language, cast columns."""

from django import template
from django.utils.html import format_html

from common.languages import localized, page_language
from common.weblinks import web_url

register = template.Library()


@register.filter
def local(obj, field="name"):
    """obj.<field>_ko on Korean pages when it is filled in, else obj.<field> (e.g. a topic's name).

    Pair it with `{% local_lang obj field %}` on the element, which marks the English fallback.
    """
    return localized(obj, field)[0]


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


@register.simple_tag
def lang_attr(text_language="en"):
    """` lang="en"` on a page in another language, for text that exists in one language only."""
    return format_html(' lang="{}"', text_language) if text_language and text_language != page_language() else ""


@register.simple_tag
def local_lang(obj, field):
    """The lang attribute for `obj|local:field` (and obj.local_<field>): ` lang="en"` where a Korean
    page falls back to the English text, nothing where the text is in the page's language."""
    text, language = localized(obj, field)
    return lang_attr(language) if text else ""
