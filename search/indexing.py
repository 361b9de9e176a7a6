"""Keeping the index current: one object after it is saved or deleted, or everything in bulk.

The signal receivers (search/signals.py) call `index_object` and `remove_object`; the
`rebuild_search_index` command calls `rebuild`. The full-text structures follow the rows written
here by themselves (database triggers, migration 0002), for single saves and bulk inserts alike.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import prefetch_related_objects

from caching.changes import invalidate
from common.cache_tags import SEARCH
from common.chunks import chunks

from .documents import MODEL_KINDS, SOURCES, Document
from .models import NAME_KINDS, Kind, SearchEntry, SearchName


def kind_of(obj) -> str | None:
    return MODEL_KINDS.get(obj._meta.concrete_model)


def _write(document: Document) -> None:
    entry, created = SearchEntry.objects.defer("document", "names_document").update_or_create(
        kind=document.kind, object_id=document.object_id, defaults=document.entry_values()
    )
    rows = document.name_rows() if document.kind in NAME_KINDS else []
    if not created and list(entry.name_rows.order_by("pk").values_list("name", "label", "alias")) == rows:
        return
    if not created:
        entry.name_rows.all().delete()
    SearchName.objects.bulk_create(
        SearchName(entry=entry, name=key, label=label, alias=alias) for key, label, alias in rows
    )


def index_ids(kind: str, ids: Iterable[int]) -> None:
    """Bring the entries of these objects in line with the database: written, or removed when gone."""
    ids = set(ids)
    if not ids:
        return
    source = SOURCES[kind]
    with transaction.atomic(savepoint=False):  # inside a writer's transaction, part of it
        found = list(source.queryset().filter(pk__in=ids))
        for obj in found:
            _write(source.build(obj))
        missing = ids - {obj.pk for obj in found}
        if missing:
            SearchEntry.objects.filter(kind=kind, object_id__in=missing).delete()


def index_many(kind: str, ids: Iterable[int]) -> None:
    """`index_ids` for thousands of objects of a kind without name rows (articles): per chunk, one read
    of the objects with their relations, one delete of their entries and one bulk insert of new ones,
    where `index_ids` reads and writes each object in turn (and a bulk UPDATE is a CASE with a branch
    per object for Django to compile)."""
    assert kind not in NAME_KINDS, "names are rewritten one entry at a time (index_ids)"
    source = SOURCES[kind]
    with transaction.atomic(savepoint=False):
        for chunk in chunks(sorted(set(ids))):
            documents = [source.build(obj) for obj in source.queryset().filter(pk__in=chunk)]
            SearchEntry.objects.filter(kind=kind, object_id__in=chunk).delete()
            _insert(documents)


def index_new(kind: str, objects: Sequence) -> None:
    """Index objects just inserted (in bulk, or one): a few statements for all of them, where
    `index_ids` reads and writes each. The objects are the ones in memory, with what the index
    reads of their relations loaded here in one query per relation."""
    source = SOURCES[kind]
    with transaction.atomic(savepoint=False):
        for chunk in map(list, chunks(objects)):
            prefetch_related_objects(chunk, *source.relations())
            _insert([source.build(obj) for obj in chunk])


def index_object(obj) -> None:
    kind = kind_of(obj)
    if kind is not None and obj.pk is not None:
        index_ids(kind, [obj.pk])


def remove_object(obj) -> None:
    kind = kind_of(obj)
    if kind is not None:
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()


def _clear(kind: str) -> None:
    """Delete a kind's entries in two statements (the ORM would load every row to cascade)."""
    entries, names = SearchEntry._meta.db_table, SearchName._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(names)} WHERE {quote('entry_id')} IN "
            f"(SELECT {quote('id')} FROM {quote(entries)} WHERE {quote('kind')} = %s)",
            [kind],
        )
        cursor.execute(f"DELETE FROM {quote(entries)} WHERE {quote('kind')} = %s", [kind])


def rebuild(*, kinds: Iterable[str] | None = None, batch_size: int = 1000, dry_run: bool = False) -> dict[str, int]:
    """Index every object of these kinds from scratch; returns how many of each were indexed."""
    counts: dict[str, int] = {}
    for kind in kinds or Kind.values:
        source = SOURCES[kind]
        if dry_run:
            counts[kind] = source.model.objects.count()
            continue
        with transaction.atomic():
            _clear(kind)
            counts[kind] = 0
            batch: list[Document] = []
            for obj in source.queryset().order_by("pk").iterator(chunk_size=batch_size):
                batch.append(source.build(obj))
                if len(batch) >= batch_size:
                    counts[kind] += _insert(batch)
                    batch = []
            counts[kind] += _insert(batch)
    if not dry_run:
        invalidate(SEARCH)  # search pages show what the index holds
    return counts


def _insert(documents: list[Document]) -> int:
    if not documents:
        return 0
    entries = SearchEntry.objects.bulk_create(
        SearchEntry(kind=document.kind, object_id=document.object_id, **document.entry_values())
        for document in documents
    )
    names = [
        SearchName(entry=entry, name=key, label=label, alias=alias)
        for entry, document in zip(entries, documents, strict=True)
        if document.kind in NAME_KINDS
        for key, label, alias in document.name_rows()
    ]
    SearchName.objects.bulk_create(names, batch_size=1000)
    return len(entries)
