"""What a request asks the API to give: the language (`?lang=`, else Accept-Language), the fields
(`?fields=`) and the related objects to embed (`?include=`). A value the API cannot use is refused with
a 400 that names it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from common.languages import ENGLISH, KOREAN, accepted_language

BOTH = "all"
LANGUAGES = (ENGLISH, KOREAN, BOTH)


@dataclass(frozen=True)
class Shape:
    language: str  # "en", "ko" or "all" (the English texts and their Korean twins, `…_ko`)
    fields: frozenset[str] | None  # None: every field
    include: frozenset[str]

    @property
    def page_language(self) -> str:
        """The language the texts and the site's addresses are given in."""
        return KOREAN if self.language == KOREAN else ENGLISH


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def shape_of(request, *, fields: list[str], include: tuple[str, ...]) -> Shape:
    params = request.query_params
    language = params.get("lang")
    if language is None:
        language = accepted_language(request.headers.get("Accept-Language", ""))
    elif language not in LANGUAGES:
        raise ValidationError({"lang": [_("Use one of: %(choices)s.") % {"choices": ", ".join(LANGUAGES)}]})
    asked_fields = None
    if "fields" in params:
        asked_fields = frozenset(_names(params["fields"]))
        unknown = sorted(asked_fields - set(fields))
        if unknown or not asked_fields:
            raise ValidationError({"fields": [_unknown_message(unknown, fields)]})
    asked_include = frozenset(_names(params.get("include", "")))
    unknown = sorted(asked_include - set(include))
    if unknown:
        raise ValidationError({"include": [_unknown_message(unknown, include)]})
    return Shape(language=language, fields=asked_fields, include=asked_include)


def _unknown_message(unknown: list[str], known) -> str:
    if not known:
        return _("This resource embeds nothing.")
    if not unknown:
        return _("Name at least one of: %(known)s.") % {"known": ", ".join(known)}
    names = {"unknown": ", ".join(unknown), "known": ", ".join(known)}
    return _("Unknown: %(unknown)s. Use any of: %(known)s.") % names
