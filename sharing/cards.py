"""Share cards: a picture of its own for every article, person, song and topic without one, shown on
the news cards and as the page's Open Graph and Twitter image.

Apps say what a card of theirs shows with `register(Model, describe)`. Cards are drawn by the
background worker (`sharing.tasks`), queued when an entry is written: drawing takes far longer than
a page, so neither an editor's save, an import of thousands nor a visitor's first view waits for it.
Until its card exists, an entry shows the film's poster. A card is drawn again only when the digest
of what it shows (`inputs`) changes, and its files are named by that digest, so a browser or CDN
never keeps an old card under a new name's address.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from PIL import Image

from caching.changes import invalidate
from catalog.images import delete_renditions, make_renditions, validate_image_file
from catalog.models import Film
from common.cache_tags import row_tag

from . import drawing
from .models import ShareCard

DRAWING_VERSION = 1  # moved when the drawing changes, so every card is drawn again
CARD_WIDTHS = (320, 640, 1200)
"""The news cards' sizes (a grid column, and the whole width of a phone at double density) and
the full 1200×630 that Open Graph and Twitter ask for."""

logger = logging.getLogger(__name__)
BATCH = 200  # entries read, and queued as one task, at a time
COLUMN = "share_card"  # the name a query gives `ShareCard.column`
Describe = Callable[[Any], drawing.CardText]
_describers: dict[str, tuple[models.QuerySet, Describe]] = {}


def register(
    model: type[models.Model], describe: Describe, *, related: tuple[str, ...] = (), on_save: bool = True
) -> None:
    """`describe(entry)` says what the entry's card shows, reading the `related` rows too. Its card
    is queued at each save, unless the model's writer queues it itself (`on_save=False`: articles,
    whose writer sees bulk imports that send no signal), and removed with the entry."""
    _describers[model._meta.label_lower] = (model._default_manager.select_related(*related), describe)
    uid = f"sharing.{model._meta.label_lower}"
    if on_save:
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid)


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures carry their rows
        queue([instance])


def _deleted(sender, instance, **kwargs):
    forget(instance)


def kind_of(entry: models.Model) -> str:
    return entry._meta.label_lower


def cards_for(entries: Iterable[models.Model]) -> dict[int, ShareCard]:
    """The cards of these entries (all of one model) that exist, by the entry's pk: read with the
    entries where their query had `ShareCard.column` as `share_card`, else in one query."""
    entries = list(entries)
    if not entries:
        return {}
    kind = kind_of(entries[0])
    if all(COLUMN in vars(entry) for entry in entries):
        found = (ShareCard.from_column(kind, entry.pk, vars(entry)[COLUMN]) for entry in entries)
        return {card.object_id: card for card in found if card is not None}
    found = ShareCard.objects.filter(kind=kind, object_id__in=[entry.pk for entry in entries])
    return {card.object_id: card for card in found}


def queue(entries: Iterable[models.Model]) -> None:
    """Have the worker draw these entries' cards once the transaction that wrote them commits."""
    entries = [entry for entry in entries if entry.pk is not None]
    if not entries or kind_of(entries[0]) not in _describers:
        return
    kind, pks = kind_of(entries[0]), sorted({entry.pk for entry in entries})
    transaction.on_commit(lambda: _draw_cards().enqueue(kind, pks))


def _draw_cards():
    from .tasks import draw_cards  # the task module imports this one

    return draw_cards


def forget(entry: models.Model) -> None:
    """Remove a deleted entry's card and its files."""
    for card in ShareCard.objects.filter(kind=kind_of(entry), object_id=entry.pk):
        _delete_files(card)
        card.delete()


def refresh(kind: str, pks: Iterable[int]) -> int:
    """Draw the cards of these entries that are missing or out of date; how many were drawn.

    Entries gone since they were queued are passed over.
    """
    rows, _describe = _describers[kind]
    return _refresh(kind, list(rows.filter(pk__in=list(pks))))


def queue_stale() -> int:
    """Queue, for the worker, every registered entry whose card is missing or out of date (after a
    restore, a new poster, a change of the drawing); how many. Nothing is drawn here, so `make run`
    does not wait for thousands of cards."""
    queued = 0
    artwork_name = _artwork_name()
    for kind, (rows, describe) in sorted(_describers.items()):
        last = 0
        while batch := list(rows.filter(pk__gt=last).order_by("pk")[:BATCH]):
            last = batch[-1].pk
            existing = cards_for(batch)
            stale = [
                entry.pk
                for entry in batch
                if getattr(existing.get(entry.pk), "inputs", None)
                != _digest(describe(entry), kind, entry, artwork_name)
            ]
            if stale:
                _draw_cards().enqueue(kind, stale)
                queued += len(stale)
    return queued


def _refresh(kind: str, entries: list[models.Model]) -> int:
    if not entries:
        return 0
    _model, describe = _describers[kind]
    existing = cards_for(entries)
    artwork_name = _artwork_name()
    artwork = None
    drawn = []
    try:
        for entry in entries:
            text = describe(entry)
            inputs = _digest(text, kind, entry, artwork_name)
            card = existing.get(entry.pk)
            if card is not None and card.inputs == inputs:
                continue
            artwork = artwork or _artwork(artwork_name)
            try:
                picture = drawing.draw(text, seed=_seed(kind, entry), artwork=artwork or None)
                _store(kind, entry.pk, text, inputs, picture, card)
            except Exception:  # a full disk, an unwritable media folder: said, and the others still drawn
                logger.exception("The share card of %s %s could not be drawn; the poster stands in", kind, entry.pk)
                continue
            drawn.append(entry)
    finally:
        if artwork:
            artwork.close()
    # The pages that show these entries (and so showed the poster in the card's place) are drawn again.
    invalidate(*(row_tag(entry, entry.pk) for entry in drawn))
    return len(drawn)


def _seed(kind: str, entry: models.Model) -> str:
    return f"{kind}:{entry.pk}"


def _digest(text: drawing.CardText, kind: str, entry: models.Model, artwork_name: str) -> str:
    values = [DRAWING_VERSION, text.kicker, text.title, text.details, _seed(kind, entry), artwork_name, CARD_WIDTHS]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def _artwork_name() -> str:
    """The film's poster file the cards are drawn over (its widest rendition, else its file); "" for none."""
    # Read afresh, not through the cached the_film(): a worker keeps no request's view of the versions.
    poster = getattr(Film.objects.published().select_related("poster").first(), "poster", None)
    if poster is None or not poster.file:
        return ""
    renditions = sorted(poster.renditions or [], key=lambda rendition: rendition["width"])
    return renditions[-1]["name"] if renditions else poster.file.name


def _artwork(name: str):
    """The poster's pixels, bounded like an upload; False when there is none or it cannot be read
    (the cards are then drawn over the site's sky)."""
    if not name:
        return False
    try:
        with default_storage.open(name, "rb") as file:
            validate_image_file(file)
            picture = Image.open(io.BytesIO(file.read()))
            picture.load()
    except Exception:  # a missing or damaged poster file
        return False
    return picture


def _store(kind, pk, text, inputs, image, old: ShareCard | None) -> None:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=85, method=4)
    content = ContentFile(buffer.getvalue(), name="card.webp")
    validate_image_file(content)  # what is stored is checked and bounded like every picture
    base = f"{kind.replace('.', '-')}-{pk}-{inputs[:12]}"
    name = default_storage.save(f"cards/{base}.webp", content)
    try:
        with default_storage.open(name, "rb") as file:
            renditions = make_renditions(source=file, storage=default_storage, base_name=base, widths=CARD_WIDTHS)
        with transaction.atomic():
            ShareCard.objects.update_or_create(
                kind=kind,
                object_id=pk,
                defaults={
                    "inputs": inputs,
                    "file": name,
                    "width": image.width,
                    "height": image.height,
                    "renditions": renditions,
                    "alt_text": text.title[:400],
                },
            )
    except Exception:
        default_storage.delete(name)  # nothing half-written: the old card stays as it was
        raise
    if old is not None and old.file.name != name:
        _delete_files(old)


def _delete_files(card: ShareCard) -> None:
    delete_renditions(storage=default_storage, renditions=card.renditions)
    default_storage.delete(card.file.name)
