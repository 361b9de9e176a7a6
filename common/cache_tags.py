"""What a page or a kept read was built from: its cache tags, collected while it is worked out.

A tag names a piece of content an edit can change (as Drupal's cache tags, Fastly's surrogate keys
and Varnish's xkey do):

- `<app.model>:<pk>`, one row. Added by itself for every content row loaded while a page or a
  kept read is worked out: whatever shows a row depends on it.
- `<app.model>:list`, which rows of a kind there are and in what order. Added by itself whenever
  a content queryset is evaluated (`editorial.publishing.VisibilityQuerySet`): a list, a count, a
  lookup that found nothing. A lookup of one row by its address (a detail page) says `rows_only()`
  around it, so that other rows coming and going leave its page alone.
- `<app.model>:list:<group>:<key>`, which rows of a kind belong to one group and in what order: the
  articles under topic 4 (`news.article:list:topic:4`), naming person 7, from source 2, in Korean.
  A row that comes, goes or moves touches those of the groups it is in, before and after, beside
  its kind's list tag. A read of one group's rows says `lists_only_of()` with that group's tag, so
  that rows of other groups coming and going leave it alone.
- `<app.model>:any`, any row of a kind: a read of many rows' values at once (a sitemap's slugs and
  dates), where a tag per row would outgrow a header, says it depends on them all.
- `<app.model>:visible`, which rows of a kind visitors may see. A queryset whose `published()`
  depends on other kinds (a song on its film) adds theirs when it is evaluated.
- `search`: any published text; every search page depends on it.
- `*`: everything. Every entry depends on it; a restore moves it.

An edit invalidates the tags of what it changed (`caching.changes`), and only entries carrying one
of those are worked out again.
"""

import threading
from contextlib import contextmanager

EVERYTHING = "*"
SEARCH = "search"

_state = threading.local()


def _label(model) -> str:
    return model._meta.concrete_model._meta.label_lower


def row_tag(model, pk) -> str:
    return f"{_label(model)}:{pk}"


def list_tag(model) -> str:
    return f"{_label(model)}:list"


def member_tag(model, group: str, key) -> str:
    """The rows of `model` in one group: `member_tag(Article, "topic", 4)` → "news.article:list:topic:4"."""
    return f"{_label(model)}:list:{group}:{key}"


def any_row_tag(model) -> str:
    return f"{_label(model)}:any"


def is_row_tag(tag: str) -> bool:
    """ "news.article:12", not a group's list ("news.article:list:topic:4")."""
    label, _colon, pk = tag.rpartition(":")
    return pk.isdigit() and ":" not in label


def any_row_tag_of(tag: str) -> str:
    """ "news.article:12" → "news.article:any"."""
    return f"{tag.rpartition(':')[0]}:any"


def visible_tag(label: str) -> str:
    """`label`: "app.model", as `VisibilityQuerySet.visibility_inputs` names the kinds it depends on."""
    return f"{label}:visible"


def _stack() -> list[set[str]]:
    stack = getattr(_state, "stack", None)
    if stack is None:
        stack = _state.stack = []
    return stack


@contextmanager
def collecting():
    """Collect the tags of what is read inside; on leaving, the enclosing collection (a page around a
    kept read) gets them too."""
    stack = _stack()
    tags: set[str] = set()
    stack.append(tags)
    try:
        yield tags
    finally:
        stack.pop()
        if stack:
            stack[-1].update(tags)


def collected() -> frozenset[str]:
    """The tags collected so far by the innermost collection (none outside one)."""
    stack = getattr(_state, "stack", None)
    return frozenset(stack[-1]) if stack else frozenset()


def depends_on(*tags: str) -> None:
    """What is being worked out shows these (none is collected outside `collecting()`)."""
    stack = getattr(_state, "stack", None)
    if stack:
        stack[-1].update(tags)


@contextmanager
def rows_only():
    """Inside, evaluating a queryset adds no list tag: a lookup of one row by its address."""
    depth = getattr(_state, "rows_only", 0)
    _state.rows_only = depth + 1
    try:
        yield
    finally:
        _state.rows_only = depth


@contextmanager
def lists_only_of(*tags: str):
    """Inside, evaluating a queryset adds these group tags (`member_tag`) instead of its kind's list and
    visibility tags: a read that depends on which rows there are only through these groups (the
    articles naming one person). Rows loaded still add their own tags."""
    outer = getattr(_state, "groups", None)
    _state.groups = frozenset(tags)
    try:
        yield
    finally:
        _state.groups = outer


def list_read(model, visibility_inputs: tuple[str, ...] = ()) -> None:
    """A queryset of `model` was evaluated: what shows it depends on which rows there are, and on
    which rows of the kinds its visibility depends on visitors may see."""
    if getattr(_state, "stack", None) and not getattr(_state, "rows_only", 0):
        groups = getattr(_state, "groups", None)
        if groups is not None:
            _state.stack[-1].update(groups)
        else:
            _state.stack[-1].update((list_tag(model), *(visible_tag(label) for label in visibility_inputs)))


def row_loaded(sender, instance, **_kwargs) -> None:
    """`post_init` of a content model: a row read from the database while something is collected."""
    stack = getattr(_state, "stack", None)
    if stack and instance.pk is not None:
        stack[-1].add(row_tag(sender, instance.pk))
