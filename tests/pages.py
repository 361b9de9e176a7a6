"""Reading the pages a test fetched: the parsed HTML, and the JSON-LD blocks in it."""

import json

from bs4 import BeautifulSoup


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
