"""Searching as the search page does, for tests that check what is found."""

from search.query import parse_query
from search.selectors import search


def find(text: str, **kwargs):
    """Search as the page does; returns the results."""
    return search(parse_query(text), **kwargs)


def found(text: str, kind: str, **kwargs) -> list:
    """The objects of one kind a search finds on its first page, in order."""
    results = find(text, **kwargs)
    group = next(group for group in results.groups if group.kind == kind)
    return [hit.object for hit in group.hits]
