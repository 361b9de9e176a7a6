"""Content changed: the one path every edit takes, and the tags it invalidates.

A change counter lives in the database (`ContentVersion`, one row), and so does every cache tag an
edit has touched, with the count at which it last did (`CacheTag`). A page or a kept read records
the count read before it was worked out and the tags of what it was built from
(`common.cache_tags`); it is current while none of its tags holds a later count (`check`).

Any save or delete of a content row (the models of the apps whose `AppConfig.editorial_content` is
"written", and old slugs), any change of their many-to-many links, and every write that bypasses
signals (`rows_changed`, `invalidate`, `mark_changed`) adds the tags it touched to its transaction's
change; when the transaction commits, the counter moves by one and those tags take the new count,
in one transaction of their own. What a row's change touches (`tags_of_change`):

- its own tag (`app.model:pk`), its kind's "any row" tag (`app.model:any`), and "any published
  text" (search pages);
- its kind's list tag when a row comes or goes, or when a field that decides lists changes
  (`cache_list_fields` on the model, where only some do: an article's words do not move it in any
  list); its kind's visibility tag when a row comes or goes or its status or publish time changes;
- for rows shown only with others (`cache_parents` on the model: a credit on its film's and its
  person's pages), the tags of those instead of a list, and the lists of those that filter by them
  (`cache_parent_lists`: the people of one film, by their credits);
- with the list tag, the tags of the groups the row is in before and after the change
  (`cache_memberships` on the model: an article's topics, source, language and the entries it
  names), so that a read of one group's rows (`common.cache_tags.lists_only_of`) is worked out again
  only when a row of that group comes, goes or moves. A change of links that are memberships
  (`cache_member_links`: an article's topics) touches the groups of the rows linked.

A scheduled row changes what visitors see without anybody saving anything: the moment the next one
goes live is kept beside the counter, and the first request after it counts the rows that went live
as changed (`current`).

After each change, the optional `PURGE_HOOK` setting (a dotted path) is called with the tags, for a
CDN in front that caches by tag (docs/operations.md), and `content_changed` is sent with them. Each
save and delete is also told to whoever derives events from it (`row_changed`, with whether the row was
public before; `went_live` for scheduled rows): the webhooks.
"""

import copy
import dataclasses
import datetime as dt
import logging
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete, pre_save
from django.dispatch import Signal
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string

from common.cache_tags import EVERYTHING, SEARCH, any_row_tag, list_tag, member_tag, row_loaded, row_tag, visible_tag
from editorial.models import SlugRedirect
from editorial.publishing import Publishable, Status, content_models, publishable_models

from .models import CacheTag, ContentVersion

content_changed = Signal()
"""Sent after the commit of a change, with `version` (the new count) and `tags` (what it touched)."""

row_changed = Signal()
"""Sent in the transaction of every save and delete of a content row, with `instance`, `created`, `deleted`
and `was_public`: whether the row's own status and publish time made it public before the save (None for
rows without them, and for a delete, whose instance still holds them)."""

went_live = Signal()
"""Sent in the transaction that counts scheduled rows gone live, with `rows`: (model, pk) of each."""

NOTHING_SCHEDULED = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
_ROW = 1
_VISIBILITY_FIELDS = ("status", "publish_at")
BUMP_ATTEMPTS = 3

logger = logging.getLogger(__name__)


def _label(model) -> str:
    return model._meta.concrete_model._meta.label_lower


def tags_of_change(instance, *, listed: bool, visibility: bool) -> set[str]:
    """The tags a change of this row touches (see the module's docstring).

    `listed`: it came, went, or moved in its kind's lists; `visibility`: it came, went, or its
    status or publish time changed.
    """
    model = type(instance)
    tags = {row_tag(model, instance.pk), any_row_tag(model), SEARCH}
    parents = getattr(model, "cache_parents", None)
    if parents is not None:
        for name in parents:
            if (pk := getattr(instance, f"{name}_id")) is not None:
                tags.add(row_tag(model._meta.get_field(name).related_model, pk))
        # Lists of the parents that filter by these rows (the people of one film, by their credits), and
        # the reads of these rows themselves (a song's credits), which a row coming or going changes.
        tags.update(
            list_tag(model._meta.get_field(name).related_model) for name in getattr(model, "cache_parent_lists", ())
        )
        if listed:
            tags.add(list_tag(model))
        return tags
    if listed or visibility:
        tags.add(list_tag(model))
    if visibility:
        tags.add(visible_tag(_label(model)))
    return tags


def memberships(model, rows: list, *, links: bool = True) -> set[str]:
    """The tags of the groups these rows are in (`cache_memberships` on the model; none without it).
    `links`: whether they may have links and rows pointing at them yet (not a row just made)."""
    read = getattr(model, "cache_memberships", None)
    return read(rows, links=links) if read is not None and rows else set()


class _Pending:
    """The tags a transaction will invalidate when it commits."""

    def __init__(self, tags: set[str]):
        self.tags = tags

    def __call__(self):
        # The edit has committed: its tags must move, or what shows it is served stale until it expires.
        # A database busy with other writers (SQLite's lock) is waited for; what still fails is logged.
        for attempt in range(BUMP_ATTEMPTS):
            try:
                _bump(self.tags)
                return
            except DatabaseError:
                if attempt == BUMP_ATTEMPTS - 1:
                    logger.exception("cache tags of a committed change not invalidated: %s", sorted(self.tags))
                    return
                time.sleep(0.2 * (attempt + 1))


def invalidate(*tags: str) -> None:
    """Invalidate these tags when the current transaction commits (at once outside one), in one change
    with whatever else it touched."""
    if not tags:
        return
    # Django keeps the pending callbacks on the connection; a callback from a rolled-back savepoint is
    # dropped from that list, so looking there never loses a change.
    pending = next((func for _ids, func, _robust in connection.run_on_commit if isinstance(func, _Pending)), None)
    if pending is None:
        transaction.on_commit(_Pending(set(tags)), robust=True)  # outside a transaction this counts at once
    else:
        pending.tags.update(tags)


def rows_changed(model, instances: Iterable, *, listed: bool = True) -> None:
    """Rows written without signals (a bulk insert or update): their tags, as a save would touch them."""
    visibility = listed and issubclass(model, Publishable)
    instances = list(instances)
    tags = set()
    for instance in instances:
        tags |= tags_of_change(instance, listed=listed, visibility=visibility)
    if listed or getattr(model, "cache_parents", None) is not None:
        tags |= memberships(model, instances)
    if tags:
        invalidate(*tags)


def mark_changed(**_signal_kwargs) -> None:
    """A change of no known extent (a restore): every page and kept read is worked out again."""
    invalidate(EVERYTHING)


def _bump(tags: set[str], next_go_live: dt.datetime | None = None) -> None:
    with transaction.atomic():
        # After any change the next go-live is worked out again (`current`), from when go-lives were last
        # counted: a row may have gone live since, uncounted.
        if not ContentVersion.objects.filter(pk=_ROW).update(
            version=F("version") + 1, changed_at=timezone.now(), next_go_live=next_go_live
        ):
            ContentVersion.objects.get_or_create(pk=_ROW)
        # The counter's row is locked (PostgreSQL) or the database is (SQLite) until this commits, so
        # changes commit in the order of their counts.
        version = ContentVersion.objects.filter(pk=_ROW).values_list("version", flat=True).get()
        CacheTag.objects.bulk_create(
            [CacheTag(name=tag, version=version) for tag in sorted(tags)],
            update_conflicts=True,
            unique_fields=["name"],
            update_fields=["version"],
        )
    content_changed.send(sender=ContentVersion, version=version, tags=frozenset(tags))
    _purge(tags)


def _purge(tags: set[str]) -> None:
    if not settings.PURGE_HOOK:
        return
    try:
        import_string(settings.PURGE_HOOK)(sorted(tags))
    except Exception:  # a CDN that is down must not fail the edit; its pages expire on their own
        logger.exception("purge hook %s failed for %d tags", settings.PURGE_HOOK, len(tags))


# Receivers -------------------------------------------------------------------------------------


def _before_save(sender, instance, raw=False, **_kwargs) -> None:
    """Note what decides the row's lists and visibility before the save, to tell afterwards whether it moved."""
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = _decisive_fields(sender)
    if fields:
        instance._cache_before = sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()


def _decisive_fields(model) -> tuple[str, ...]:
    if getattr(model, "cache_parents", None) is not None:
        return ()
    listed = getattr(model, "cache_list_fields", None)
    visibility = _VISIBILITY_FIELDS if issubclass(model, Publishable) else ()
    return tuple(dict.fromkeys((*visibility, *(listed or ()))))


def _after_save(sender, instance, created=False, raw=False, **_kwargs) -> None:
    if raw:
        return
    before = instance.__dict__.pop("_cache_before", None)
    fields = _decisive_fields(sender)
    if created or before is None or not fields:
        listed = True
        visibility = created or issubclass(sender, Publishable)
    else:
        after = tuple(getattr(instance, field) for field in fields)
        moved = {field for field, old, new in zip(fields, before, after, strict=True) if old != new}
        listed = bool(moved) if getattr(sender, "cache_list_fields", None) else True
        visibility = bool(moved & set(_VISIBILITY_FIELDS))
    tags = tags_of_change(instance, listed=listed, visibility=visibility)
    if listed or getattr(sender, "cache_parents", None) is not None:
        tags |= memberships(sender, [instance, *_as_before(instance, fields, before)], links=not created)
    invalidate(*tags)
    row_changed.send(
        sender,
        instance=instance,
        created=created,
        deleted=False,
        was_public=_was_public(sender, before),
        update_fields=_kwargs.get("update_fields"),
    )


def _was_public(model, before: tuple | None) -> bool | None:
    """Whether the status and publish time read before a save made the row public (False: it is new)."""
    if not issubclass(model, Publishable):
        return None
    if before is None:
        return False
    status, publish_at = before[:2]  # `_decisive_fields` puts them first
    return status == Status.PUBLISHED and publish_at <= timezone.now()


def _as_before(instance, fields: tuple[str, ...], before: tuple | None) -> list:
    """The row as it was before the save, as far as its decisive fields go: the groups it left."""
    if before is None:
        return []
    old = copy.copy(instance)
    for field, value in zip(fields, before, strict=True):
        setattr(old, field, value)
    return [old]


def _before_delete(sender, instance, **_kwargs) -> None:
    # Its links (an article's topics) are deleted before the row, without a signal: read its groups now.
    instance._cache_memberships = memberships(sender, [instance])


def _after_delete(sender, instance, **_kwargs) -> None:
    tags = tags_of_change(instance, listed=True, visibility=True)
    tags |= instance.__dict__.pop("_cache_memberships", set())
    invalidate(*tags)
    row_changed.send(sender, instance=instance, created=False, deleted=True, was_public=None)


def _links_changed(sender, instance, action, model, pk_set, **_kwargs) -> None:
    """A many-to-many link added or removed (an article's topics): both ends' rows, and the lists of
    both kinds (a topic's page lists its articles); where the links are memberships, the groups of
    the rows linked, before the change (a topic removed) and after (a topic added)."""
    if action == "pre_clear":  # the links about to go are not there to read afterwards
        instance.__dict__["_cache_links"] = _link_groups(sender, instance, model, pk_set)
    if not action.startswith("post_"):
        return
    tags = {row_tag(type(instance), instance.pk), list_tag(type(instance)), list_tag(model), SEARCH}
    tags.update(row_tag(model, pk) for pk in pk_set or ())
    tags |= instance.__dict__.pop("_cache_links", set())
    tags |= _link_groups(sender, instance, model, pk_set)
    invalidate(*tags)


def _link_groups(sender, instance, model, pk_set) -> set[str]:
    """Where the links are memberships (`cache_member_links`: an article's topics), the groups of every
    row whose links changed: the groups linked or unlinked, and the others they are in by such links,
    whose reads may count them (the topics most often beside a topic)."""
    for owner in (type(instance), model):
        for name, group in getattr(owner, "cache_member_links", {}).items():
            field = owner._meta.get_field(name)
            if field.remote_field.through is not sender:
                continue
            own, theirs = field.m2m_field_name(), field.m2m_reverse_field_name()
            if isinstance(instance, owner):
                rows, tags = [instance.pk], {member_tag(owner, group, pk) for pk in pk_set or ()}
            else:
                tags = {member_tag(owner, group, instance.pk)}
                rows = pk_set if pk_set is not None else sender.objects.filter(**{theirs: instance.pk}).values(own)
            linked = sender.objects.filter(**{f"{own}__in": rows}).values_list(f"{theirs}_id", flat=True)
            tags.update(member_tag(owner, group, pk) for pk in linked)
            return tags
    return set()


def _watched_models() -> list:
    return [*content_models(), SlugRedirect]


def connect_signals() -> None:
    for model in _watched_models():
        uid = f"caching.changes.{model._meta.label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
        if hasattr(model, "cache_memberships"):
            pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                m2m_changed.connect(_links_changed, sender=field.remote_field.through, dispatch_uid=uid)
    for model in content_models():
        post_init.connect(row_loaded, sender=model, dispatch_uid=f"caching.tags.{model._meta.label}")


# The counter, scheduled go-lives, and what each process knows of the tags ------------------------


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: dt.datetime  # when visitors last saw a change
    next_go_live: dt.datetime  # when the next scheduled row will change what they see
    epoch: str = dataclasses.field(default="", compare=False)  # which database counted it


def _as_datetime(value) -> dt.datetime | None:
    """A datetime column read with a plain cursor: aware already (PostgreSQL), or text in UTC (SQLite)."""
    if value is None or isinstance(value, dt.datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=dt.UTC)
    return parse_datetime(value).replace(tzinfo=dt.UTC)


def _read() -> tuple | None:
    # A plain cursor: this runs on every page-cache hit, where building the ORM query cost more than
    # the rest of the hit together.
    quote = connection.ops.quote_name
    table = quote(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT version, changed_at, next_go_live, epoch, go_lives_counted_until FROM {table} WHERE id = %s",
            [_ROW],
        )
        return cursor.fetchone()


def _scheduled(since: dt.datetime, now: dt.datetime) -> tuple[list[tuple[type, int]], dt.datetime]:
    """The rows whose scheduled moment came after `since`, by `now` (as (model, pk)), and the first moment
    still to come, of any kind of row: one statement for them all."""
    quote = connection.ops.quote_name
    models = publishable_models()
    arms, params = [], []
    since_value, now_value = (connection.ops.adapt_datetimefield_value(moment) for moment in (since, now))
    for index, model in enumerate(models):
        table, status, publish_at = quote(model._meta.db_table), quote("status"), quote("publish_at")
        arms.append(
            f"SELECT {index}, {quote('id')}, {publish_at} FROM {table} "
            f"WHERE {status} = %s AND {publish_at} > %s AND {publish_at} <= %s"
        )
        arms.append(f"SELECT {index}, NULL, MIN({publish_at}) FROM {table} WHERE {status} = %s AND {publish_at} > %s")
        params += [Status.PUBLISHED, since_value, now_value, Status.PUBLISHED, now_value]
    went, moments = [], []
    if arms:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(arms), params)
            for index, pk, moment in cursor.fetchall():
                if pk is not None:
                    went.append((models[index], pk))
                elif moment is not None:
                    moments.append(_as_datetime(moment))
    return went, min(moments, default=NOTHING_SCHEDULED)


def _count_go_lives(number: int, counted_until: dt.datetime, now: dt.datetime) -> None:
    """Count the rows that went live since `counted_until` as changed, and work out the next moment: in one
    transaction, by whichever request comes first (the others find the counter or `counted_until` moved on)."""
    went, next_moment = _scheduled(counted_until, now)
    with transaction.atomic():
        claimed = ContentVersion.objects.filter(pk=_ROW, version=number, go_lives_counted_until=counted_until).update(
            go_lives_counted_until=now, next_go_live=next_moment
        )
        if claimed and went:
            tags = {SEARCH}
            for model, pk in went:
                tags |= tags_of_change(model(pk=pk), listed=True, visibility=True)
            for model in {model for model, _pk in went if hasattr(model, "cache_memberships")}:
                rows = model._base_manager.filter(pk__in=[pk for kind, pk in went if kind is model])
                tags |= memberships(model, list(rows))
            _bump(tags, next_go_live=next_moment)
            went_live.send(ContentVersion, rows=went)


def current() -> Version:
    """The change counter: one query, more only on the first request after a change or a go-live."""
    row = _read()
    if row is None:  # a new database
        ContentVersion.objects.get_or_create(pk=_ROW)
        return current()
    number, changed_at, go_live, epoch = row[0], _as_datetime(row[1]), _as_datetime(row[2]), row[3]
    now = timezone.now()
    if go_live is not None and go_live > now:
        return Version(number, changed_at, go_live, epoch)
    # A moment has come, or a change made the next one unknown: rows may have gone live since they were
    # last counted, even in the moments between a change and this request.
    _count_go_lives(number, _as_datetime(row[4]), now)
    return current()


class _Known:
    """What this process knows of the tags: every tag touched since it started (`floor`), with its count.

    Brought up to date from the database when a request reads a counter past `upto` (one query for
    what changed since). Entries older than the page cache keeps anything are dropped, and the floor
    moves up with them: something from before the floor is checked against the database itself.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.epoch: str | None = None
        self.floor = self.upto = 0
        self.versions: dict[str, int] = {}
        self.seen: deque[tuple[float, int]] = deque()  # (when, counter) as synced, to know what has aged out

    def sync(self, version: Version) -> None:
        with self.lock:
            # A new process, a database made afresh, or one whose count went back (an older copy of its
            # file put in its place): what was worked out past that count is not known to be current.
            if version.epoch != self.epoch or version.number < self.upto:
                self.epoch, self.floor, self.upto, self.versions = version.epoch, version.number, version.number, {}
                self.seen.clear()
                return
            if version.number <= self.upto:
                return
            upto = self.upto
        rows = CacheTag.objects.filter(version__gt=upto).values_list("name", "version")
        with self.lock:
            for name, number in rows:
                if number > self.versions.get(name, 0):
                    self.versions[name] = number
            self.upto = max(self.upto, version.number, *(number for _name, number in rows))
            self._forget_old(time.time())

    def _forget_old(self, now: float) -> None:
        self.seen.append((now, self.upto))
        horizon = now - settings.PAGE_CACHE_TIMEOUT
        floor = self.floor
        while self.seen and self.seen[0][0] < horizon:
            floor = self.seen.popleft()[1]
        if floor > self.floor:
            self.floor = floor
            self.versions = {name: number for name, number in self.versions.items() if number > floor}

    def current(self, number: int, epoch: str, tags: Iterable[str]) -> bool | None:
        """Whether something worked out at count `number` is current for its tags; None: not known here."""
        if epoch != self.epoch or number < self.floor:
            return None
        if number > self.upto:  # worked out at a count this database has not reached
            return False
        versions = self.versions
        return all(versions.get(tag, 0) <= number for tag in (*tags, EVERYTHING))


_known = _Known()


def forget_known() -> None:
    """Start again from the database (a test's fresh database)."""
    global _known
    _known = _Known()


def sync(version: Version) -> None:
    _known.sync(version)


def is_current(number: int, epoch: str, tags: Iterable[str]) -> bool:
    """Whether something worked out at count `number` (of the database `epoch`) is still current for
    its tags. Call `sync` with the request's counter first."""
    answer = _known.current(number, epoch, tags)
    if answer is not None:
        return answer
    if epoch != _known.epoch:
        return False
    tags = [*tags, EVERYTHING]
    newest = CacheTag.objects.filter(name__in=tags).order_by("-version").values_list("version", flat=True).first()
    return newest is None or newest <= number
