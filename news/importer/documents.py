"""What word-processor documents (Word files, Google Docs exports) share: a dateline and a byline
typed as the first lines of the text, since these files have no place of their own for either."""

import re

from bs4 import BeautifulSoup, Tag

from common.text import clean_inline

from .dates import parse_date

_BYLINE = re.compile(r"^(?:by|written by|words by)\s+(\S.{0,80})$", re.IGNORECASE)
# A dateline or byline below this many paragraphs is the text's, not the document's.
_HEAD_PARAGRAPHS = 3


def take_dateline(root: BeautifulSoup | Tag) -> tuple[str, str]:
    """The date text and the byline found among the first paragraphs, each removed from ``root``."""
    date_text = author = ""
    for paragraph in root.find_all("p", limit=_HEAD_PARAGRAPHS):
        text = clean_inline(paragraph.get_text(" "))
        byline = _BYLINE.match(text)
        if not date_text and parse_date(text):
            date_text = text
        elif not author and byline:
            author = byline.group(1)
        else:
            continue
        paragraph.decompose()
    return date_text, author


def pictures_reason(count: int) -> str:
    """Why an editor should look at a document whose pictures were left out (news/review_reasons.py)."""
    return f"{count} picture{'s' if count != 1 else ''} in the document left out"
