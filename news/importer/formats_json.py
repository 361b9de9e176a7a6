"""JSON: one article object, a list of them, or an object holding such a list under "articles"/"items"."""

import json

from .article import Draft, ImportFailure
from .fields import draft_from_mapping

_LIST_KEYS = ("articles", "items", "entries", "posts", "news")


def _objects(document: object) -> tuple[list[object], bool]:
    """The article objects, and whether they came as a list (then failures name the article's number)."""
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list) and not {"body", "content", "text"} & document.keys():
                return document[key], True
        return [document], False
    if isinstance(document, list):
        return document, True
    raise ImportFailure("JSON must be an article object or a list of them")


def parse_json(text: str) -> list[tuple[Draft, str]]:
    """Each article's draft with the label its failures are reported under."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailure(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except ValueError as exc:  # e.g. an integer too long to convert
        raise ImportFailure(f"malformed JSON: {exc}"[:200]) from exc
    objects, numbered = _objects(document)
    if not objects:
        raise ImportFailure("no articles in the JSON list")
    drafts = []
    for number, item in enumerate(objects, start=1):
        where = f"JSON article {number}" if numbered else ""
        if not isinstance(item, dict):
            raise ImportFailure(f"{where or 'JSON'}: not an object with article fields")
        drafts.append((draft_from_mapping(item, where=where), where))
    return drafts
