"""Which webhook events an edit sends, worked out once its transaction has committed.

The rows come from the content's one path of change (`caching.changes`): every save and delete of an
article, film, person, song or character (`row_changed`, which says whether the row's own status and
publish time made it public before the save), scheduled rows going live (`went_live`), and new
articles written in bulk by an import, which send no save signals (`articles_written`). A transaction's
rows are gathered, and when it commits, what visitors may see now is asked of the same `published()`
rules as every page:

- not visible before, visible now: published; visible before and now: updated; visible before, not
  now: unpublished; a visible row deleted: deleted. An edit of a row nobody could see sends nothing.

Each endpoint listening for an event of that kind gets a delivery, and the transaction's deliveries
go to the task queue as one task. Purge endpoints get the cache tags of every change (`content_changed`,
the point where the PURGE_HOOK setting is called too).
"""

from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from caching.changes import content_changed, row_changed, went_live
from catalog.models import Character, Film, Person, Song
from editorial.publishing import is_marked_public
from news.models import Article
from news.writing import articles_written

from . import sending
from .models import PURGE, Delivery, Endpoint, Event, Kind

KIND_OF = {Article: Kind.ARTICLE, Film: Kind.FILM, Person: Kind.PERSON, Song: Kind.SONG, Character: Kind.CHARACTER}
SHOWN_WITH_FILM = (Song, Character)  # visible only while their film is too
# Fields no visitor sees: a save of these alone is not an update ("Mark reviewed", an import's record).
UNSEEN_FIELDS = {
    "needs_review",
    "review_reason",
    "imported_values",
    "fingerprint",
    "suggested_topic_names",
    "updated",
    "revision",
}


@dataclass
class _Change:
    instance: object
    created: bool
    deleted: bool
    was_public: bool | None  # the row's own status before the first save in the transaction


@dataclass
class _Batch:
    """The rows a transaction changed, worked out into deliveries when it commits."""

    changes: dict[tuple[type, int], _Change] = field(default_factory=dict)
    went_live: list[tuple[type, int]] = field(default_factory=list)  # loaded only when an endpoint listens
    sent: bool = False

    def add(self, instance, *, created: bool, deleted: bool, was_public: bool | None) -> None:
        key = (type(instance), instance.pk)
        first = self.changes.get(key)
        if first is not None:  # saved again: what it was before the first save, what it is after the last
            created, was_public = first.created, first.was_public
        self.changes[key] = _Change(instance, created, deleted, was_public)

    def __call__(self):
        self.sent = True
        endpoints = list(Endpoint.objects.filter(active=True, purpose=Endpoint.Purpose.CONTENT))
        if not endpoints:
            return
        by_model = {}
        for model, pk in self.went_live:
            by_model.setdefault(model, []).append(pk)
        for model, pks in by_model.items():
            for instance in model.objects.filter(pk__in=pks):
                self.add(instance, created=True, deleted=False, was_public=False)
        sending.queue(_deliveries(endpoints, _events(list(self.changes.values()))))


def _batch() -> _Batch:
    # Django keeps the pending callbacks on the connection; one from a rolled-back savepoint is dropped. One
    # already sent is passed over: a test runs the callbacks without a commit, which leaves them there.
    pending = (func for _ids, func, _robust in connection.run_on_commit if isinstance(func, _Batch) and not func.sent)
    batch = next(pending, None)
    if batch is None:
        batch = _Batch()
        transaction.on_commit(batch, robust=True)  # a receiver that is down never fails the edit
    return batch


def _events(changes: list[_Change]) -> list[tuple[str, object]]:
    """(event, row) for each change that visitors could see before or can see now."""
    shown = {model: set() for model in KIND_OF}
    for change in changes:
        if not change.deleted:
            shown[type(change.instance)].add(change.instance.pk)
    visible = {
        model: set(model.objects.published().filter(pk__in=pks).values_list("pk", flat=True))
        for model, pks in shown.items()
        if pks
    }
    deleted_films = {c.instance.pk for c in changes if c.deleted and type(c.instance) is Film}
    film_ids = {c.instance.film_id for c in changes if isinstance(c.instance, SHOWN_WITH_FILM)} - deleted_films
    public_films = (
        set(Film.objects.published().filter(pk__in=film_ids).values_list("pk", flat=True)) if film_ids else set()
    )
    public_films |= {
        c.instance.pk for c in changes if c.deleted and type(c.instance) is Film and is_marked_public(c.instance)
    }

    found = []
    for change in changes:
        instance = change.instance
        film_ok = not isinstance(instance, SHOWN_WITH_FILM) or instance.film_id in public_films
        if change.deleted:
            if (not hasattr(instance, "status") or is_marked_public(instance)) and film_ok:
                found.append((Event.DELETED, instance))
            continue
        was = not change.created and (change.was_public is not False) and film_ok
        now = instance.pk in visible.get(type(instance), ())
        event = {(False, True): Event.PUBLISHED, (True, True): Event.UPDATED, (True, False): Event.UNPUBLISHED}.get(
            (was, now)
        )
        if event:
            found.append((event, instance))
    return found


def payload(event: str, instance) -> dict:
    """What a delivery says of a row: the event, its kind, id, slug, public address and title, and when."""
    try:
        url = settings.SITE_URL + instance.get_absolute_url()
    except Film.DoesNotExist:  # a character deleted with its film
        url = ""
    return {
        "event": event,
        "kind": KIND_OF[type(instance)],
        "id": instance.pk,
        "slug": getattr(instance, "slug", None),
        "url": url,
        "title": str(instance),
        "time": timezone.now().isoformat(),
    }


def _deliveries(endpoints: list[Endpoint], events: list[tuple[str, object]]) -> list[Delivery]:
    deliveries = []
    for event, instance in events:
        kind = KIND_OF[type(instance)]
        body = None
        for endpoint in endpoints:
            if endpoint.listens_to(event, kind):
                body = body or payload(event, instance)
                deliveries.append(
                    Delivery(endpoint=endpoint, event=event, kind=kind, object_id=instance.pk, payload=body)
                )
    return deliveries


# Receivers ---------------------------------------------------------------------------------------


def _row_changed(sender, instance, created, deleted, was_public, update_fields=None, **_kwargs) -> None:
    if update_fields and set(update_fields) <= UNSEEN_FIELDS:
        return  # the newsroom's own bookkeeping (a review mark, what an import wrote): nothing public changed
    if sender in KIND_OF:
        _batch().add(instance, created=created, deleted=deleted, was_public=was_public)


def _went_live(sender, rows, **_kwargs) -> None:
    _batch().went_live.extend((model, pk) for model, pk in rows if model in KIND_OF)


def _articles_written(sender, articles, created, **_kwargs) -> None:
    if created:  # new rows written in bulk; updates were saves, heard by `_row_changed`
        for article in articles:
            _batch().add(article, created=True, deleted=False, was_public=False)


def _purge(sender, tags, **_kwargs) -> None:
    transaction.on_commit(partial(queue_purge, sorted(tags)), robust=True)


def queue_purge(tags: list[str]) -> None:
    """A delivery of these cache tags to every purge endpoint."""
    endpoints = Endpoint.objects.filter(active=True, purpose=Endpoint.Purpose.PURGE)
    body = {"event": PURGE, "tags": tags, "time": timezone.now().isoformat()}
    sending.queue([Delivery(endpoint=endpoint, event=PURGE, payload=body) for endpoint in endpoints])


def connect_signals() -> None:
    row_changed.connect(_row_changed, dispatch_uid="webhooks.row_changed")
    went_live.connect(_went_live, dispatch_uid="webhooks.went_live")
    articles_written.connect(_articles_written, dispatch_uid="webhooks.articles_written")
    content_changed.connect(_purge, dispatch_uid="webhooks.purge")
