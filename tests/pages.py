"""Reading the pages a test fetched: the parsed HTML, the JSON-LD blocks in it, the queries it ran."""

import json

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Transaction control and planner settings read no table: search sets PostgreSQL's planner for its
# reads inside a transaction of its own (search/backends/postgresql.py).
NOT_QUERIES = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL")


def render_queries(client, url) -> int:
    """The queries one render of `url` runs with the cache empty, the content version worked out.

    The first render after a change also works out when the next scheduled row goes live (two
    statements more, whatever the page); the topic and source menus are kept in the cache, so a
    render with them cached costs two queries fewer.
    """
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return sum(not query["sql"].lstrip().upper().startswith(NOT_QUERIES) for query in context.captured_queries)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld(doc) -> dict[str, dict]:
    """The page's schema.org blocks by @type, each checked to name schema.org as its context."""
    blocks = [json.loads(script.string) for script in doc.find_all("script", type="application/ld+json")]
    for block in blocks:
        assert block["@context"] == "https://schema.org"
    return {block["@type"]: block for block in blocks}


def names(people) -> list[str]:
    return [person["name"] for person in people]
