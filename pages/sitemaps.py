"""Sitemaps that stay small and fast at any size: an index, then sections cut into pages.

Each section lists the rows visitors may see of one model (`published()`), a page at a time, every
row in each language with its alternates. The XML is written directly rather than through
django.contrib.sitemaps' template, which renders every row, language and alternate through the
template language; here a page of `PAGE_SIZE` rows is one query and plain string formatting.
"""

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from caching.cached import cached
from common import cache_tags

PAGE_SIZE = 500
_SLUG = "sitemap-slug-placeholder"
_SAFE = "!$&'()*+,;=/~:@"  # what reverse() leaves unquoted in a path


@dataclass(frozen=True)
class Section:
    """The rows of one model: `rows()` gives a queryset of those visitors may see."""

    name: str
    url_name: str
    rows: Callable[[], QuerySet]
    lastmod_field: str | None = "updated"
    counter: Callable[[], int] | None = None  # a cheaper way to the number of rows, where there is one

    def count(self) -> int:
        # Kept until the next change: counting the published rows is linear in the section.
        return cached(f"sitemap-count:{self.name}", self.counter or (lambda: self.rows().count()))

    def pages(self) -> int:
        return math.ceil(self.count() / PAGE_SIZE)

    def entries(self, page: int) -> list[tuple[str, object]]:
        """(slug, last change) of the rows on this page, in primary-key order."""
        fields = ["slug", self.lastmod_field] if self.lastmod_field else ["slug"]
        start = (page - 1) * PAGE_SIZE
        rows = self.rows().order_by("pk").values_list(*fields)[start : start + PAGE_SIZE]
        cache_tags.depends_on(cache_tags.any_row_tag(rows.model))  # slugs and dates read as values
        return [(row[0], row[1] if self.lastmod_field else None) for row in rows]

    def paths(self, slug: str) -> dict[str, str]:
        return {code: prefix.replace(_SLUG, quote(slug, safe=_SAFE)) for code, prefix in _prefixes(self.url_name)}


@functools.lru_cache(maxsize=64)
def _prefixes(url_name: str) -> tuple[tuple[str, str], ...]:
    """The page's path in each language with a placeholder slug: reversed once, then filled in per row."""
    result = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result.append((code, reverse(url_name, kwargs={"slug": _SLUG})))
    return tuple(result)


def url_entry(origin: str, paths: dict[str, str], lastmod) -> str:
    """One <url> per language, each naming every language's address (and x-default) as alternates.

    `origin` is the site's scheme and host ("https://starlight.example"), prefixed to every path.
    """
    urls = {code: escape(origin + path) for code, path in paths.items()}
    links = "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href="{url}"/>'
        for code, url in [*urls.items(), ("x-default", urls[settings.LANGUAGE_CODE])]
    )
    modified = f"<lastmod>{lastmod.date().isoformat()}</lastmod>" if lastmod else ""
    return "".join(f"<url><loc>{url}</loc>{modified}{links}</url>" for url in urls.values())


URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)
URLSET_CLOSE = "</urlset>\n"
