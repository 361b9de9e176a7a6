"""Why an article waits for review: stored in English (the importer and the duplicate finder write it
in a worker, whose language is nobody's), shown in the reader's language."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from .importer.article import REASON_DATE_MISSING, REASON_DATE_UNREADABLE, REASON_TITLE_GUESSED
from .importer.pictures import PICTURE_LEFT_OUT

FIXED = {
    REASON_TITLE_GUESSED: gettext_noop("title guessed"),
    REASON_DATE_MISSING: gettext_noop("date missing"),
    REASON_DATE_UNREADABLE: gettext_noop("date not understood"),
}
DUPLICATE = "possible duplicate of “{title}” ({share} the same)"
# Why a picture was left out is the fetcher's or the library's words, shown as they are.
_PICTURE = re.escape(PICTURE_LEFT_OUT).replace(re.escape("{why}"), r"(?P<why>[^()]*(?:\([^()]*\)[^()]*)*)")
_SHOWN = re.compile(
    _PICTURE
    + r"|possible duplicate of “(?P<title>.*?)” \((?P<share>\d+%) the same\)"
    + r"|(?P<pictures>\d+) pictures? in the document left out|(?P<fixed>"
    + "|".join(map(re.escape, FIXED))
    + ")"
)


def shown_share(similarity: float) -> str:
    """A duplicate's share of text in common, written one way on every screen: "92%"."""
    return f"{similarity:.0%}"


def duplicate_reason(title: str, similarity: float) -> str:
    return DUPLICATE.format(title=title, share=shown_share(similarity))


def shown(reason: str) -> str:
    """A stored reason in the active language; words it does not know are left as they are."""

    def translated(match: re.Match) -> str:
        if match["fixed"]:
            return _(FIXED[match["fixed"]])
        if match["pictures"]:
            count = int(match["pictures"])
            return ngettext(
                "%(count)d picture in the document left out", "%(count)d pictures in the document left out", count
            ) % {"count": count}
        if match["why"] is not None:
            return _("picture left out (%(why)s)") % {"why": match["why"]}
        return _("possible duplicate of “%(title)s” (%(share)s the same)") % {
            "title": match["title"],
            "share": match["share"],
        }

    return _SHOWN.sub(translated, reason or "")
