"""Reading article fields out of a mapping: a JSON object or a Markdown file's front matter.

Keys are matched loosely ("published_at", "publishedAt" and "date" all give the date), values are checked
for type, and a wrong type is an ImportFailure naming the key rather than a crash later on.
"""

import re

from .article import Draft, ImportFailure
from .dates import coerce_date
from .formats_text import text_body_html

_ALIASES = {
    "title": ("title", "headline"),
    "subtitle": ("subtitle", "dek", "deck", "standfirst", "subheadline"),
    "date": ("date", "publishedat", "published", "pubdate", "datepublished", "publicationdate", "created"),
    "source": ("source", "sourcename", "site", "sitename", "publication", "publisher"),
    "url": ("url", "originalurl", "link", "sourceurl", "canonicalurl", "permalink"),
    "author": ("author", "authors", "byline", "creator"),
    "language": ("language", "lang", "locale", "inlanguage"),
    "topics": ("topics", "tags", "categories", "keywords"),
    "summary": ("summary", "description", "excerpt", "abstract"),
    "body": ("body", "bodyhtml", "content", "contenthtml", "html", "text", "bodytext", "articlebody"),
}
_HTML_TAG = re.compile(
    r"<(?:p|div|br|h[1-6]|ul|ol|li|a|em|strong|blockquote|article|section|span|b|i|figure|img|pre|code)\b[^>]*>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_TAG.search(text))


def body_to_html(text: str) -> str:
    """A body given either as HTML or as plain text (then paragraphs are read from its lines)."""
    return text if looks_like_html(text) else text_body_html(text.replace("\r\n", "\n").split("\n"))


class _Fields:
    def __init__(self, mapping: dict[object, object], *, where: str) -> None:
        self.where = where
        self.values: dict[str, tuple[str, object]] = {}
        for key, value in mapping.items():
            name = re.sub(r"[\s_\-]", "", str(key)).lower()
            self.values.setdefault(name, (str(key), value))

    def fail(self, key: str, expected: str) -> ImportFailure:
        prefix = f"{self.where}: " if self.where else ""
        return ImportFailure(f"{prefix}'{key}' must be {expected}")

    def raw(self, field: str) -> tuple[str, object]:
        for alias in _ALIASES[field]:
            if alias in self.values and self.values[alias][1] not in (None, "", [], {}):
                return self.values[alias]
        return field, None

    def text(self, field: str) -> str:
        key, value = self.raw(field)
        if value is None:
            return ""
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            return value["name"]  # {"name": "…"}, as schema.org authors and publishers are written
        if isinstance(value, list) and field == "author":
            return ", ".join(self._names(key, value))
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(key, "text")
        return str(value)

    def _names(self, key: str, values: list[object]) -> list[str]:
        names = []
        for value in values:
            if isinstance(value, dict) and isinstance(value.get("name"), str):
                value = value["name"]
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise self.fail(key, "a list of names or a comma-separated text")
            names.append(str(value))
        return names

    def names(self, field: str) -> list[str]:
        key, value = self.raw(field)
        if value is None:
            return []
        if isinstance(value, str):
            return [name.strip() for name in value.split(",") if name.strip()]
        if isinstance(value, list):
            return self._names(key, value)
        raise self.fail(key, "a list of names or a comma-separated text")

    def body(self) -> str:
        key, value = self.raw("body")
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = "\n\n".join(value)  # a list of paragraphs
        if value is not None and not isinstance(value, str):
            raise self.fail(key, "text")
        return value or ""


def draft_from_mapping(mapping: dict[object, object], *, where: str, with_body: bool = True) -> Draft:
    fields = _Fields(mapping, where=where)
    date_key, date_value = fields.raw("date")
    published_at = coerce_date(date_value)
    if date_value is not None and published_at is None and not isinstance(date_value, str | int | float):
        raise fields.fail(date_key, "a date")
    return Draft(
        body_html=body_to_html(fields.body()) if with_body else "",
        title=fields.text("title"),
        subtitle=fields.text("subtitle"),
        published_at=published_at,
        date_text="" if date_value is None else str(date_value),
        source_name=fields.text("source"),
        original_url=fields.text("url"),
        author=fields.text("author"),
        language=fields.text("language"),
        topics=fields.names("topics"),
        summary=fields.text("summary"),
    )
