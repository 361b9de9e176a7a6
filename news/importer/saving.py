"""Saving parsed articles one file at a time: the rules every import follows.

An imported article is "the same article" when it has the same original URL or, lacking one,
the same normalised text. Each import remembers what it wrote (`Article.imported_values`), so
a later import can tell an editor's change (kept, unless `overwrite`) from its own stale value
(replaced). Every file is saved inside its own savepoint: a file that fails leaves nothing.

A dry run goes through the same decisions and writes nothing, not even inside a transaction rolled
back at the end: on SQLite a transaction holds the write lock (IMMEDIATE), and sign-ins and the worker
would wait on it, then fail with "database is locked". What it would have written is kept in memory
instead (`Lookups.planned`), so a later file of the run is matched against it as it would be against
the database: the report is the real run's, bar the possible duplicates, which are found from rows
written.

The pictures an article shows are brought into the library before its file is saved
(`with_library_pictures`): fetched through the safe fetcher or read from the zip beside the article,
checked by content and kept once, outside the file's transaction (a fetch can take seconds, and
SQLite's write lock would be held all that time). A picture stored for a file that then fails stays
in the library, unused, and is found by its address or bytes when the file comes again.

Large imports go through `batches.py`, which collects the new articles of many files for one
`write_new` and hands everything else (updates, and any batch that cannot be written in one go)
to `save_file` here. Both match with `Existing`, decide "unchanged" with `is_unchanged`, validate
with `validate` and write new articles with `write_new`; the derived rows (mentions, history,
search entry) are written by `news.writing.write_derived`, once per article.
"""

import dataclasses
import re
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from catalog.library import fetched_from, stored_picture
from common.chunks import chunks
from common.fetching import FetchError, fetch
from editorial import old_paths
from editorial.publishing import Status
from editorial.revisions import EditConflict

from ..models import Article, Source, Topic
from ..writing import holding, write_derived
from . import neighbours
from .parsing import ImportFailure, ParsedArticle, parse_file
from .pictures import PICTURE_LEFT_OUT, PLACEHOLDER, PictureRef
from .reports import ArticleResult, FileReport, ImportOptions, Outcome


def imported_values(parsed: ParsedArticle, *, source: Source | None, status: str, fingerprint: str) -> dict:
    """What an import writes, in the JSON-able form kept in `imported_values`."""
    return {
        "title": parsed.title,
        "subtitle": parsed.subtitle,
        "body": fingerprint,
        "summary": parsed.summary,
        "author": parsed.author,
        "language": parsed.language,
        "dated": _date_value(parsed.published_at, date_only=parsed.date_only),
        "original_url": parsed.original_url,
        "source": source.pk if source else None,
        "topics": sorted(parsed.topics),
        "related_headlines": "\n".join(parsed.related_headlines),
        "status": status,
    }


def _date_value(moment, *, date_only: bool) -> str | None:
    """The date as kept in `imported_values`: the day alone when no time was given, so that telling
    a time apart from its absence is part of the date an editor may change."""
    if moment is None:
        return None
    return moment.date().isoformat() if date_only else moment.isoformat()


def _current(article: Article) -> dict:
    """The same keys as `imported_values`, read from the article as it is now."""
    return {
        "title": article.title,
        "subtitle": article.subtitle,
        "body": article.fingerprint,
        "summary": article.summary,
        "author": article.author,
        "language": article.language,
        "dated": _date_value(article.dated, date_only=article.date_only),
        "original_url": article.original_url,
        "source": article.source_id,
        "topics": sorted(_topic_names(article)),
        "related_headlines": article.related_headlines,
        "status": article.status,
    }


def _topic_names(article: Article) -> list[str]:
    """Its topics' names: as a dry run planned them, else as saved."""
    planned = getattr(article, "topic_names", None)
    return list(planned) if planned is not None else [topic.name for topic in article.topics.all()]


class Lookups:
    """Sources and topics by name, cached for one import run (thousands of files share a few); in a dry
    run, also the articles the run would have written, and their slugs."""

    def __init__(self, *, dry_run: bool = False):
        self.dry_run = dry_run
        self.sources: dict[str, Source] = {}
        self.topics: dict[str, Topic] = {}
        self.planned: dict[str, Article] = {}  # "id:…", "url:…", "text:…" and "pk:…" keys: the article as it would be
        self.planned_slugs: set[str] = set()
        self.topic_keys: dict[str, str] | None = None  # a topic's names and slug, casefolded: its name
        self.pictures: dict[str, int | str] = {}  # a picture's address: its library number, or why it is not in

    def source(self, name: str, *, create: bool = True) -> Source | None:
        name = name.strip()[:200]
        if not name:
            return None
        if name not in self.sources:
            source = _named(Source, name)
            if source is None:
                if not create:
                    return None
                source = Source(name=name, slug=unique_slug(Source, slugify(name) or "source"))
                source.full_clean(validate_unique=False, validate_constraints=False)
                if not self.dry_run:
                    source.save()
            self.sources[name] = source
        return self.sources[name]

    def topic(self, name: str) -> Topic:
        name = " ".join(name.split())[:200]
        if name not in self.topics:
            topic = _named(Topic, name)
            if topic is None:
                # Unique by name was just checked, and the database still guards it.
                topic = Topic(name=name, slug=unique_slug(Topic, Topic.slug_for(name)))
                topic.full_clean(validate_unique=False, validate_constraints=False)
                topic.save()
            self.topics[name] = topic
        return self.topics[name]

    def forget(self):
        """After a rollback, cached rows may no longer exist."""
        self.sources.clear()
        self.topics.clear()
        self.topic_keys = None

    def with_topics(self, parsed: ParsedArticle) -> ParsedArticle:
        """`parsed` with its topic candidates (a WordPress post's categories and tags) settled: those an
        existing topic answers to, by name or slug in either language, become its topics; the rest are
        only suggested to editors, so no file makes a public topic by itself."""
        if not parsed.topic_candidates:
            return parsed
        if self.topic_keys is None:
            self.topic_keys = {}
            for name, name_ko, slug in Topic.objects.values_list("name", "name_ko", "slug"):
                for key in (slug, name_ko, name):  # a name wins over another topic's slug
                    if key:
                        self.topic_keys[key.casefold()] = name
        found, rest = [], []
        for name, slug in parsed.topic_candidates:
            keys = (name.casefold(), slug.casefold(), Topic.slug_for(name).casefold())
            topic = next((self.topic_keys[key] for key in keys if key in self.topic_keys), None)
            found.append(topic) if topic else rest.append(name)
        return replace(
            parsed,
            topics=tuple(dict.fromkeys([*parsed.topics, *found])),
            topic_candidates=(),
            suggested_topics=tuple(dict.fromkeys(rest)),
        )

    def plan(self, articles: Sequence[Article]) -> None:
        """A dry run's stand-in for writing: later files find these articles as they would find the rows."""
        for article in articles:
            for key in _keys_of(article):
                self.planned[key] = article
            self.planned_slugs.add(article.slug)


def with_library_pictures(files: list, *, options: ImportOptions, lookups: Lookups) -> list:
    """The files' articles with their pictures in the library and their bodies pointing at them.

    `files`: (name, parsed articles, or a report for a file not read). Only a body the import will
    write needs its pictures: a new article's, or one whose text changed since the last import and
    is not the editor's. A dry run fetches nothing.
    """
    if options.dry_run:
        return files
    wanted = [parsed for _name, content in files if isinstance(content, list) for parsed in content if parsed.pictures]
    if not wanted:
        return files
    existing = Existing(wanted)
    return [
        (
            name,
            [
                _pictures_brought_in(name, parsed, lookups)
                if _writes_body(existing.match(parsed), parsed, options)
                else parsed
                for parsed in content
            ]
            if isinstance(content, list)
            else content,
        )
        for name, content in files
    ]


def _writes_body(existing: Article | None, parsed: ParsedArticle, options: ImportOptions) -> bool:
    """Whether saving `parsed` writes its body (the same rule as `_save_article`'s)."""
    if not parsed.pictures:
        return False
    if existing is None:
        return True
    previous = (existing.imported_values or {}).get("body")
    if previous == parsed.fingerprint:
        return False  # the body came from this same text last time
    editors = previous is not None and existing.fingerprint != previous
    return options.overwrite or not editors


CAPTION = re.compile(r"</?figcaption>")


def _pictures_brought_in(name: str, parsed: ParsedArticle, lookups: Lookups) -> ParsedArticle:
    """A picture that cannot be brought in is left out, and the article waits for review saying why."""
    reasons = list(parsed.needs_review_reasons)

    def library_figure(match) -> str:
        ref = parsed.pictures[int(match[1]) - 1]
        # A web address is the same picture in every file; a relative one is the file's own.
        key = ref.src if ref.is_web_address else f"{name}\n{ref.src}"
        found = lookups.pictures.get(key)
        if found is None:
            found = lookups.pictures[key] = _library_picture(name, ref, title=parsed.title)
        if isinstance(found, int):
            return f'<figure data-picture="{found}">{match[2]}</figure>'
        reasons.append(PICTURE_LEFT_OUT.format(why=found))
        # Its caption stays, as a paragraph: the words are the article's, and its text (and so its
        # fingerprint, what tells an editor's change of the body from the import's) stays the same.
        return CAPTION.sub(lambda tag: "</p>" if tag[0].startswith("</") else "<p>", match[2])

    body = PLACEHOLDER.sub(library_figure, parsed.body_html)
    return dataclasses.replace(parsed, body_html=body, needs_review_reasons=tuple(dict.fromkeys(reasons)))


def _library_picture(name: str, ref: PictureRef, *, title: str) -> int | str:
    """The library number of the picture `ref` names, or why it could not be brought in."""
    if ref.is_web_address:
        known = fetched_from(ref.src)
        if known is not None:
            return known.pk
        try:
            data = fetch(ref.src, accept="image/avif,image/webp,image/png,image/jpeg;q=0.9,*/*;q=0.5").body
        except FetchError as exc:
            return f"{_shortened(ref.src)}: {exc}"
    else:
        data = neighbours.read(name, ref.src)
        if isinstance(data, str):
            return f"{ref.src[:80]}: {data}"
    try:
        picture = stored_picture(
            data,
            alt=ref.alt or ref.caption or title,
            credit=ref.credit,
            source_url=ref.src if ref.is_web_address else "",
        )
    except ValidationError as exc:
        return f"{_shortened(ref.src)}: {' '.join(exc.messages)}"
    return picture.pk


def _flag_pictures_left_out(article: Article, parsed: ParsedArticle) -> None:
    """A new text whose pictures could not all be had waits for review again, saying which."""
    left_out = [reason for reason in parsed.needs_review_reasons if reason.startswith(PICTURE_LEFT_OUT[:17])]
    if left_out:
        article.needs_review = True
        article.review_reason = ", ".join(dict.fromkeys(filter(None, [article.review_reason, *left_out])))[:200]


def _shortened(address: str) -> str:
    return address if len(address) <= 80 else address[:79] + "…"


def _keys_of(article: Article) -> list[str]:
    keys = [f"text:{article.fingerprint}"]
    if article.import_id:
        keys.append(f"id:{article.import_id}")
    if article.original_url:
        keys.append(f"url:{article.original_url}")
    if article.pk is not None:
        keys.append(f"pk:{article.pk}")
    return keys


def writing(options: ImportOptions):
    """The transaction a write goes in; none for a dry run, which writes nothing (on SQLite a
    transaction, IMMEDIATE, would hold the write lock all the same)."""
    return nullcontext() if options.dry_run else transaction.atomic()


def _named(model, name: str):
    """The row of that name: spelt exactly so if there is one, else in any case ("release" is "Release")."""
    candidates = list(model.objects.filter(name__iexact=name).order_by("name", "pk")[:20])
    return next((row for row in candidates if row.name == name), candidates[0] if candidates else None)


def slug_base(title: str) -> str:
    return slugify(title, allow_unicode=True)[:180].strip("-") or "article"


def unique_slug(model, base: str, *, exclude_pk=None, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """`base`, or `base-2`, `base-3`…: the first not used by a row of `model` nor listed in `taken`."""
    base = base[:180].strip("-") or "article"
    used = set(model.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    used |= taken
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def give_slugs(model, objects: list, bases: list[str], *, planned: set[str] | frozenset[str] = frozenset()) -> None:
    """Unique slugs for many new rows at once: their bases where free, else `base-2` and on (`planned`:
    slugs a dry run has given, taken as if they were written)."""
    taken = {
        slug
        for chunk in chunks(sorted(set(bases)))
        for slug in model.objects.filter(slug__in=chunk).values_list("slug", flat=True)
    } | set(planned)
    given: set[str] = set(planned)
    for obj, base in zip(objects, bases, strict=True):
        free = base not in taken and base not in given
        obj.slug = base if free else unique_slug(model, base, taken=given)
        given.add(obj.slug)


class Existing:
    """The articles already in the database that parsed ones are "the same article" as.

    The rule, in one place: the same original URL or, lacking a match by URL, the same normalised
    text (the oldest such article). Two lookups per call, however many articles are asked about.
    """

    FIELDS = (
        "pk", "title", "slug", "status", "original_url", "fingerprint", "imported_values", "merged_into", "import_id",
    )  # fmt: skip

    def __init__(
        self, parsed: Sequence[ParsedArticle], *, full: bool = False, planned: dict[str, Article] | None = None
    ):
        """`full` loads whole rows (to update them); otherwise just what matching and "unchanged?" read.
        `planned`: what a dry run would have written so far (`Lookups.planned`), found before the rows."""
        self.planned = planned or {}
        rows = Article.objects.all() if full else Article.objects.only(*self.FIELDS)
        urls = sorted({article.original_url for article in parsed if article.original_url})
        prints = sorted({article.fingerprint for article in parsed})
        self.by_url = {
            article.original_url: article for chunk in chunks(urls) for article in rows.filter(original_url__in=chunk)
        }
        self.by_text: dict[str, Article] = {}
        for chunk in chunks(prints):
            for article in rows.filter(fingerprint__in=chunk).order_by("-pk"):
                self.by_text[article.fingerprint] = article  # the oldest is kept
        ids = sorted({article.identity for article in parsed if article.identity})
        self.by_identity = {
            article.import_id: article for chunk in chunks(ids) for article in rows.filter(import_id__in=chunk)
        }

    def match(self, parsed: ParsedArticle) -> Article | None:
        """By the file's own id for it first; an article that has another id is never the same one."""
        if parsed.identity:
            found = self.planned.get(f"id:{parsed.identity}") or self.by_identity.get(parsed.identity)
            if found is not None:
                return self.planned.get(f"pk:{found.pk}", found) if found.pk is not None else found
        found = self._match(parsed)
        if found is not None and parsed.identity and found.import_id not in ("", parsed.identity):
            return None  # two posts of one export with the same text are two articles
        return found

    def _match(self, parsed: ParsedArticle) -> Article | None:
        url = parsed.original_url
        found = (url and (self.planned.get(f"url:{url}") or self.by_url.get(url))) or self.by_text.get(
            parsed.fingerprint
        )
        if found is not None and found.pk is not None:
            return self.planned.get(f"pk:{found.pk}", found)
        return found or self.planned.get(f"text:{parsed.fingerprint}")


def is_unchanged(existing: Article, values: dict, options: ImportOptions) -> bool:
    """Nothing to do: the import would write exactly what it wrote last time, and no overwrite was asked."""
    return not options.overwrite and (existing.imported_values or {}) == values


def validate(article: Article) -> None:
    """Field checks for an imported article. Uniqueness was settled by the lookups (and the database
    constraints still guard it), the slug is given when written and the source was just read or made,
    so those checks, two queries each, are skipped."""
    article.full_clean(exclude=["slug", "source"], validate_unique=False, validate_constraints=False)


def _apply(article: Article, *, source: Source | None, parsed: ParsedArticle) -> None:
    article.title = parsed.title[:300]
    article.subtitle = parsed.subtitle[:300]
    article.set_clean_body(parsed.body_html, text=parsed.text, fingerprint=parsed.fingerprint, sketch=parsed.sketch)
    article.summary = parsed.summary
    article.author = parsed.author[:200]
    article.language = parsed.language if parsed.language in {"en", "ko"} else "other"
    article.dated = parsed.published_at
    article.date_only = parsed.date_only
    article.original_url = parsed.original_url
    article.related_headlines = "\n".join(parsed.related_headlines)
    article.source = source
    if parsed.identity:  # a file without ids (an RSS copy of the same post) leaves the one it has
        article.import_id = parsed.identity
    article.suggested_topic_names = list(parsed.suggested_topics)


def status_for(existing: Article | None, options: ImportOptions, parsed: ParsedArticle | None = None) -> str:
    """New articles are drafts unless publishing was asked for; existing ones keep theirs unless told.
    One its file says is not public (a WordPress draft or private post) is never published by an import."""
    if existing is not None and (options.publish is None or existing.merged_into_id):
        return existing.status  # an editor merged it into another copy: no import publishes it again
    if parsed is not None and parsed.keep_draft:
        return Status.DRAFT
    return Status.PUBLISHED if options.publish else Status.DRAFT


def new_article(parsed: ParsedArticle, *, source: Source | None, options: ImportOptions) -> Article:
    """An unsaved article for a parsed one; `write_new` gives it a slug and its topics."""
    status = status_for(None, options, parsed)
    reasons = ", ".join(parsed.needs_review_reasons)
    # Dated articles take their place in the timeline; undated ones appear now.
    article = Article(status=status, publish_at=parsed.published_at or timezone.now())
    _apply(article, source=source, parsed=parsed)
    article.needs_review = bool(reasons)
    article.review_reason = reasons[:200]
    article.imported_values = imported_values(parsed, source=source, status=status, fingerprint=parsed.fingerprint)
    article.topic_names = parsed.topics
    article.old_paths = parsed.old_paths
    return article


def write_new(articles: list[Article], lookups: Lookups) -> None:
    """Insert new articles (each with `topic_names`) and their topics, then their derived rows once.

    The same statements whether one article is written or five hundred: one file's import and a
    whole batch of new files both come here.
    """
    give_slugs(Article, articles, [slug_base(article.title) for article in articles], planned=lookups.planned_slugs)
    if lookups.dry_run:
        lookups.plan(articles)
        return
    Article.objects.bulk_create(articles)
    Link = Article.topics.through
    pairs = {  # two spellings of one name are one topic
        (article.pk, lookups.topic(name).pk): None for article in articles for name in article.topic_names
    }
    Link.objects.bulk_create(Link(article_id=article, topic_id=topic) for article, topic in pairs)
    old_paths.remember(Article, [(article.pk, path) for article in articles for path in article.old_paths])
    write_derived(articles, created=True)


def _save_article(
    parsed: ParsedArticle, existing: Article | None, *, options: ImportOptions, lookups: Lookups, new: list
) -> ArticleResult:
    source = lookups.source(options.source or parsed.source_name)
    if existing is None:
        article = new_article(parsed, source=source, options=options)
        validate(article)
        new.append(article)
        return ArticleResult(Outcome.CREATED, article.title, "", article.review_reason)

    status = status_for(existing, options, parsed)
    values = imported_values(parsed, source=source, status=status, fingerprint=parsed.fingerprint)
    if parsed.old_paths and not lookups.dry_run:
        old_paths.remember(Article, [(existing.pk, path) for path in parsed.old_paths])
    if is_unchanged(existing, values, options):
        return ArticleResult(Outcome.UNCHANGED, existing.title, existing.slug)

    previous = existing.imported_values or {}
    current = _current(existing)
    incoming = Article()
    _apply(incoming, source=source, parsed=parsed)
    # A field is the editor's when it differs from what the last import wrote; keep those.
    editor_owned = {key for key in values if key in previous and current[key] != previous[key]}
    if options.overwrite:
        editor_owned = set()
    changed = False
    for key in ("title", "subtitle", "summary", "author", "language", "dated", "original_url", "related_headlines"):
        if key not in editor_owned and getattr(existing, key) != getattr(incoming, key):
            setattr(existing, key, getattr(incoming, key))
            changed = True
    if "dated" not in editor_owned and existing.date_only != incoming.date_only:
        existing.date_only = incoming.date_only
        changed = True
    # A file with ids (a WordPress export) says what they are and which names no topic answers to;
    # a copy of the same post from elsewhere (its RSS feed) leaves both as they were.
    for key in ("import_id", "suggested_topic_names") if parsed.identity else ():
        if getattr(existing, key) != getattr(incoming, key):
            setattr(existing, key, getattr(incoming, key))
            changed = True
    if "body" not in editor_owned and current["body"] != values["body"]:
        existing.set_clean_body(incoming.body, text=parsed.text, fingerprint=parsed.fingerprint, sketch=parsed.sketch)
        _flag_pictures_left_out(existing, parsed)
        changed = True
    if "source" not in editor_owned and existing.source_id != (source.pk if source else None):
        existing.source = source
        changed = True
    if "status" not in editor_owned and existing.status != status:
        existing.status = status
        changed = True
    topics_changed = "topics" not in editor_owned and current["topics"] != values["topics"]
    existing.imported_values = values
    if not (changed or topics_changed):
        if lookups.dry_run:
            lookups.plan([existing])
        else:
            existing.save(update_fields=["imported_values"])  # what it wrote now, so the next run is "unchanged"
        return ArticleResult(Outcome.UNCHANGED, existing.title, existing.slug)
    existing.full_clean(exclude=["source"], validate_unique=False, validate_constraints=False)
    if lookups.dry_run:
        if topics_changed:
            existing.topic_names = parsed.topics
        lookups.plan([existing])
        return ArticleResult(Outcome.UPDATED, existing.title, existing.slug)
    with holding(existing):
        existing.save()
        if topics_changed:
            existing.topics.set([lookups.topic(name) for name in parsed.topics])
    write_derived([existing], created=False)
    return ArticleResult(Outcome.UPDATED, existing.title, existing.slug)


def save_file(
    name: str, parsed_articles: list[ParsedArticle], *, options: ImportOptions, lookups: Lookups
) -> FileReport:
    """Save one file's articles, all or nothing.

    Its articles are matched against the database as it is now, and one after another: a file that
    names one article twice updates the article it has just created.
    """
    try:
        with writing(options):
            results = []
            for parsed in map(lookups.with_topics, parsed_articles):
                new: list[Article] = []
                existing = Existing([parsed], full=True, planned=lookups.planned).match(parsed)
                result = _save_article(parsed, existing, options=options, lookups=lookups, new=new)
                if new:
                    write_new(new, lookups)
                    result.slug = new[0].slug
                    result.needs_review = new[0].review_reason  # writing may add one (a possible duplicate)
                results.append(result)
    except Exception as exc:  # a database or validation error in one file must not stop the others
        lookups.forget()
        return FileReport(name, Outcome.FAILED, failure_reason(exc))
    return FileReport.of(name, results)


def import_data(*, name: str, data: bytes, options: ImportOptions, lookups: Lookups | None = None) -> FileReport:
    """Parse and save one file's bytes, all or nothing."""
    try:
        parsed_articles = parse_file(name=name, data=data, max_bytes=settings.IMPORT_MAX_BYTES)
    except ImportFailure as exc:
        return FileReport(name, Outcome.FAILED, str(exc))
    lookups = lookups or Lookups(dry_run=options.dry_run)
    [(_name, parsed_articles)] = with_library_pictures([(name, parsed_articles)], options=options, lookups=lookups)
    return save_file(name, parsed_articles, options=options, lookups=lookups)


def failure_reason(exc: Exception) -> str:
    if isinstance(exc, EditConflict):
        return "not saved: the article was saved by someone else while it was being imported (import it again)"
    if isinstance(exc, ValidationError):
        messages = [f"{key}: {' '.join(errors)}" for key, errors in exc.message_dict.items()]
        return "invalid article (" + "; ".join(messages) + ")"
    detail = " ".join(str(exc).split())  # one line, whatever the driver's message looks like
    return f"could not save ({exc.__class__.__name__}: {detail})"
