"""A huge or malformed number anywhere in an address is a page not found (or, in a query string, a
filter or page number set aside), never a 500 with a logged traceback.

Every URL pattern is walked: each part of its path gets numbers past 32 and 64 bits and past what
Python reads as a number, on SQLite and PostgreSQL alike (PostgreSQL refuses an integer out of range
where SQLite may only overflow in the driver)."""

import itertools
import logging
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from starlight.sitemaps import SECTIONS

HUGE = [
    str(2**31),
    str(2**63),
    str(2**64),
    "99999999999999999999",
    "9" * 5000,  # past Python's limit on the digits of a number read from text
    "-1",
    "1e99",
    "0x10",
    "١٢",  # Arabic-Indic digits, which int() reads
]
SKIPPED = ("admin/", "i18n/", "media/")  # Django's own views; uploads are files, not numbers
PART = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
PAGE_PARAMS = ["page", "films_page", "people_page", "songs_page", "articles_page"]
FILTERS = ["year", "month", "topic", "source", "film", "role", "language"]


def routes(patterns=None, prefix=""):
    """Every path pattern's route as written, with the prefixes of the includes around it."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED):
            continue
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<" in route:
            yield route


def samples(name: str) -> list[str]:
    """Real values for a part that is not the one given a number: each sitemap section, a slug."""
    if name == "name":
        return ["pages", *SECTIONS]
    return ["lost-in-starlight"]


def addresses():
    """Each route with each of its parts in turn given each number, the other parts each sample."""
    for route in sorted(set(routes())):
        parts = [match.group("name") for match in PART.finditer(route)]
        for numbered in parts:
            others = [[(name, value) for value in samples(name)] for name in parts if name != numbered]
            for chosen in itertools.product(*others):
                for number in HUGE:
                    values = {**dict(chosen), numbered: number}
                    yield "/" + PART.sub(lambda match, values=values: values[match.group("name")], route)


def numbered_query_strings():
    for path in ["/", "/films/", "/people/", "/songs/", "/news/", "/news/topics/release/", "/search/"]:
        for name in [*PAGE_PARAMS, *FILTERS]:
            for number in HUGE:
                yield f"{path}?q=kim&{name}={number}"


def test_the_walk_finds_every_numbered_pattern():
    found = set(routes())
    assert "sitemap-<slug:name>-<int:page>.xml" in found
    assert "news/topics/<str:slug>/" in found
    assert "/sitemap-articles-99999999999999999999.xml" in set(addresses())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["", "/ko"])
def test_a_huge_or_malformed_number_in_a_path_is_not_found(client, world, caplog, language):
    for address in addresses():
        if language and address.startswith(("/sitemap", "/preview", "/healthz", "/robots")):
            continue
        with caplog.at_level(logging.WARNING, logger="django.request"):
            response = client.get(language + address)
        assert response.status_code in (404, 301), address  # 301: a Korean address's missing slash
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR], address


@pytest.mark.django_db
def test_a_huge_or_malformed_number_in_a_query_string_is_set_aside(client, world, caplog):
    for address in numbered_query_strings():
        with caplog.at_level(logging.WARNING, logger="django.request"):
            response = client.get(address)
        assert response.status_code in (200, 400), address
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR], address


@pytest.mark.django_db
def test_a_huge_number_in_an_admin_address_is_not_found(editor_client, world, caplog):
    for model in ["news/article", "catalog/film", "catalog/person", "news/topic"]:
        for number in HUGE:
            with caplog.at_level(logging.WARNING, logger="django.request"):
                response = editor_client.get(f"/admin/{model}/{number}/change/", follow=True)
            assert response.status_code in (200, 404), (model, number)  # 200: the list, with "does not exist"
            assert not [r for r in caplog.records if r.levelno >= logging.ERROR], (model, number)
