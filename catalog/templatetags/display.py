"""Small display helpers for the public templates: names in the visitor's language, cast columns."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from common.languages import KOREAN, localized, page_language
from common.weblinks import web_url

register = template.Library()

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


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


def marked_parts(parts: list[tuple[str, str]], show=conditional_escape) -> SafeString:
    """A name's parts (`name_parts`) as HTML, each shown by `show`, those in another language than
    the page's marked with `lang`: “Kim Tae-ri (<span lang="ko">김태리</span>)”."""
    page = page_language()
    marked = [
        format_html('<span lang="{}">{}</span>', language, show(text)) if language != page else show(text)
        for text, language in parts
    ]
    first, *rest = marked
    return format_html("{} ({})", first, rest[0]) if rest else format_html("{}", first)


@register.filter
def marked_name(obj) -> SafeString:
    """`obj.display_name` with its parts' languages marked (`marked_parts`)."""
    return marked_parts(obj.name_parts)


@register.filter
def marked_text(text: str) -> SafeString:
    """Text a visitor typed (a search) or a name it found, inside `<span lang="ko">` when it holds Hangul
    on an English page."""
    if page_language() != KOREAN and HANGUL.search(text or ""):
        return format_html('<span lang="ko">{}</span>', text)
    return conditional_escape(text)


@register.filter
def marked_local(obj, field="name") -> SafeString:
    """`obj|local:field` inside `<span lang="en">` where a Korean page falls back to the English text."""
    text, language = localized(obj, field)
    return format_html('<span lang="{}">{}</span>', language, text) if language != page_language() else text


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
