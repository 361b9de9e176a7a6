"""Content in two languages: which text a page shows and which language that text is in.

Editors write each visitor-facing text in English (`field`) and, when they can, in Korean
(`field_ko`). A Korean page shows the Korean text and falls back to the English one while the
Korean is empty; the fallback is marked `lang="en"` so screen readers and translators know.
"""

from django.conf import settings
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

KOREAN = "ko"
ENGLISH = "en"


def page_language() -> str:
    """The language of the page being made: "en" or "ko"."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def localized(obj, field: str) -> tuple[str, str]:
    """(text, language of that text) of `obj.<field>` for this page.

    On Korean pages `obj.<field>_ko` when it is filled in, else the English `obj.<field>`; English
    pages always show the English text.
    """
    if page_language() == KOREAN:
        korean = getattr(obj, f"{field}_ko", "")
        if korean:
            return korean, KOREAN
    return getattr(obj, field, "") or "", ENGLISH


def local_text(obj, field: str) -> str:
    """Just the text of `localized`."""
    return localized(obj, field)[0]


def accepted_language(header: str) -> str:
    """The site's language an Accept-Language header prefers: "ko" or "en" (also for none it names).

    For addresses that carry no language of their own (the read API): the page cache keeps one answer
    per language this gives, never one per header a client may send."""
    for code, _quality in parse_accept_lang_header(header or ""):
        if code == "*":
            continue
        try:
            return get_supported_language_variant(code).split("-")[0]
        except LookupError:
            continue
    return ENGLISH
