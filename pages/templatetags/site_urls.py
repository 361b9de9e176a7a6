"""`{% site_urls as urls %}`: the addresses every page's header, footer and breadcrumbs link to.

They depend on nothing but the language, so each language's are reversed once per process: the
header and footer asked for ten `{% url %}`s on every page, each a whole reverse().
"""

import functools

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import translation

register = template.Library()

SITE_URLS = {
    "home": "home",
    "films": "catalog:film-list",
    "people": "catalog:person-list",
    "songs": "catalog:song-list",
    "news": "news:article-list",
    "search": "search:search",
    "suggest": "search:suggest",
    "feed_rss": "news:feed-rss",
    "feed_atom": "news:feed-atom",
}


@register.simple_tag
def site_urls() -> dict[str, str]:
    return _site_urls(translation.get_language(), get_script_prefix())


@functools.lru_cache(maxsize=16)
def _site_urls(language: str | None, script_prefix: str) -> dict[str, str]:
    with translation.override(language):
        return {name: reverse(url_name) for name, url_name in SITE_URLS.items()}
