"""Long lists of values cut into slices short enough for one `IN (...)` list, well under every
database's limit on parameters. Shared by the importer, the duplicate finder and the search index."""

from collections.abc import Iterator, Sequence

IN_CHUNK = 500


def chunks(items: Sequence, size: int = IN_CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
