"""Saving parsed articles: the one place the command, the admin upload and the tests go through.

An imported article is "the same article" when it has the same original URL or, lacking one,
the same normalised text. Each import remembers what it wrote (`Article.imported_values`), so
a later import can tell an editor's change (kept, unless `overwrite`) from its own stale value
(replaced). Every file is saved inside its own savepoint: a file that fails leaves nothing.
"""

import enum
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from catalog.publishing import Status

from ..models import Article, Source, Topic, text_fingerprint
from ..sanitize import html_to_text
from .parsing import SUPPORTED_SUFFIXES, ImportFailure, ParsedArticle, parse_file


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ImportOptions:
    source: str = ""  # a source name that overrides what the files say
    publish: bool | None = None  # True: publish, False: draft, None: publish new ones as drafts, keep old status
    overwrite: bool = False  # replace editors' changes too
    dry_run: bool = False


@dataclass
class ArticleResult:
    outcome: Outcome
    title: str
    slug: str
    needs_review: str = ""


@dataclass
class FileReport:
    name: str
    outcome: Outcome
    reason: str = ""
    articles: list[ArticleResult] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "file": self.name,
            "outcome": str(self.outcome),
            "reason": self.reason,
            "articles": [
                {"outcome": str(a.outcome), "title": a.title, "slug": a.slug, "needs_review": a.needs_review}
                for a in self.articles
            ],
        }


@dataclass
class ImportSummary:
    files: list[FileReport] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for report in self.files if report.outcome == outcome)

    @property
    def failed(self) -> int:
        return self.count(Outcome.FAILED)

    def as_dict(self) -> dict:
        return {
            "summary": {outcome.value: self.count(outcome) for outcome in Outcome},
            "files": [report.as_dict() for report in self.files],
        }


def _values(parsed: ParsedArticle, *, source: Source | None, status: str, fingerprint: str) -> dict:
    """What an import writes, in the JSON-able form kept in `imported_values`."""
    return {
        "title": parsed.title,
        "subtitle": parsed.subtitle,
        "body": fingerprint,
        "summary": parsed.summary,
        "author": parsed.author,
        "language": parsed.language,
        "dated": parsed.published_at.isoformat() if parsed.published_at else None,
        "original_url": parsed.original_url,
        "source": source.pk if source else None,
        "topics": sorted(parsed.topics),
        "status": status,
    }


def _current(article: Article) -> dict:
    """The same keys as `_values`, read from the article as it is now."""
    return {
        "title": article.title,
        "subtitle": article.subtitle,
        "body": article.fingerprint,
        "summary": article.summary,
        "author": article.author,
        "language": article.language,
        "dated": article.dated.isoformat() if article.dated else None,
        "original_url": article.original_url,
        "source": article.source_id,
        "topics": sorted(topic.name for topic in article.topics.all()),
        "status": article.status,
    }


class _Lookups:
    """Sources and topics by name, cached for one import run (thousands of files share a few)."""

    def __init__(self):
        self.sources: dict[str, Source] = {}
        self.topics: dict[str, Topic] = {}

    def source(self, name: str) -> Source | None:
        name = name.strip()[:200]
        if not name:
            return None
        if name not in self.sources:
            source = Source.objects.filter(name__iexact=name).first()
            if source is None:
                source = Source(name=name, slug=_unique_slug(Source, slugify(name) or "source"))
                source.full_clean()
                source.save()
            self.sources[name] = source
        return self.sources[name]

    def topic(self, name: str) -> Topic:
        name = " ".join(name.split())[:200]
        if name not in self.topics:
            topic = Topic.objects.filter(name__iexact=name).first()
            if topic is None:
                topic = Topic(name=name, slug=_unique_slug(Topic, Topic.slug_for(name)))
                topic.full_clean()
                topic.save()
            self.topics[name] = topic
        return self.topics[name]

    def forget(self):
        """After a rollback, cached rows may no longer exist."""
        self.sources.clear()
        self.topics.clear()


def _unique_slug(model, base: str, *, exclude_pk=None) -> str:
    base = base[:180].strip("-") or "article"
    taken = set(model.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _find_existing(parsed: ParsedArticle, fingerprint: str) -> Article | None:
    if parsed.original_url:
        found = Article.objects.filter(original_url=parsed.original_url).first()
        if found:
            return found
    return Article.objects.filter(fingerprint=fingerprint).order_by("pk").first()


def _apply(article: Article, *, source: Source | None, parsed: ParsedArticle) -> None:
    article.title = parsed.title[:300]
    article.subtitle = parsed.subtitle[:300]
    article.body = parsed.body_html
    article.summary = parsed.summary
    article.author = parsed.author[:200]
    article.language = parsed.language if parsed.language in {"en", "ko"} else "other"
    article.dated = parsed.published_at
    article.original_url = parsed.original_url
    article.source = source


def _save_article(parsed: ParsedArticle, *, options: ImportOptions, lookups: _Lookups) -> ArticleResult:
    source = lookups.source(options.source or parsed.source_name)
    fingerprint = text_fingerprint(html_to_text(parsed.body_html))  # the parser has sanitised it
    existing = _find_existing(parsed, fingerprint)
    reasons = ", ".join(parsed.needs_review_reasons)

    if existing is None:
        status = Status.PUBLISHED if options.publish else Status.DRAFT
        values = _values(parsed, source=source, status=status, fingerprint=fingerprint)
        article = Article(status=status, publish_at=_publish_time(parsed))
        _apply(article, source=source, parsed=parsed)
        article.slug = _unique_slug(Article, slugify(parsed.title, allow_unicode=True)[:180])
        article.needs_review = bool(reasons)
        article.review_reason = reasons[:200]
        article.imported_values = values
        # Uniqueness was settled by the lookups above (and the database constraints still guard it);
        # skipping those checks saves two queries per article on a large import.
        article.full_clean(validate_unique=False, validate_constraints=False)
        article.save()
        article.topics.set([lookups.topic(name) for name in parsed.topics])
        return ArticleResult(Outcome.CREATED, article.title, article.slug, reasons)

    keep_status = existing.status if options.publish is None else None
    status = keep_status or (Status.PUBLISHED if options.publish else Status.DRAFT)
    values = _values(parsed, source=source, status=status, fingerprint=fingerprint)
    previous = existing.imported_values or {}
    if previous == values and not options.overwrite:
        return ArticleResult(Outcome.UNCHANGED, existing.title, existing.slug)

    current = _current(existing)
    incoming = Article()
    _apply(incoming, source=source, parsed=parsed)
    # A field is the editor's when it differs from what the last import wrote; keep those.
    editor_owned = {key for key in values if key in previous and current[key] != previous[key]}
    if options.overwrite:
        editor_owned = set()
    changed = False
    for key in ("title", "subtitle", "summary", "author", "language", "dated", "original_url"):
        if key not in editor_owned and getattr(existing, key) != getattr(incoming, key):
            setattr(existing, key, getattr(incoming, key))
            changed = True
    if "body" not in editor_owned and current["body"] != values["body"]:
        existing.body = incoming.body
        changed = True
    if "source" not in editor_owned and existing.source_id != (source.pk if source else None):
        existing.source = source
        changed = True
    if "status" not in editor_owned and existing.status != status:
        existing.status = status
        changed = True
    topics_changed = "topics" not in editor_owned and current["topics"] != values["topics"]
    existing.imported_values = values
    existing.full_clean(validate_unique=False, validate_constraints=False)
    existing.save()
    if topics_changed:
        existing.topics.set([lookups.topic(name) for name in parsed.topics])
    outcome = Outcome.UPDATED if changed or topics_changed else Outcome.UNCHANGED
    return ArticleResult(outcome, existing.title, existing.slug)


def _publish_time(parsed: ParsedArticle):
    """Dated articles take their place in the timeline; undated ones appear now."""
    return parsed.published_at or timezone.now()


def import_data(*, name: str, data: bytes, options: ImportOptions, lookups: _Lookups | None = None) -> FileReport:
    """Parse and save one file's bytes, all or nothing (a dry run is rolled back by the caller)."""
    lookups = lookups or _Lookups()
    try:
        parsed_articles = parse_file(name=name, data=data, max_bytes=settings.IMPORT_MAX_BYTES)
    except ImportFailure as exc:
        return FileReport(name, Outcome.FAILED, str(exc))
    try:
        with transaction.atomic():
            results = [_save_article(parsed, options=options, lookups=lookups) for parsed in parsed_articles]
    except Exception as exc:  # a database or validation error in one file must not stop the others
        lookups.forget()
        return FileReport(name, Outcome.FAILED, _reason(exc))
    outcomes = {result.outcome for result in results}
    for outcome in (Outcome.CREATED, Outcome.UPDATED):
        if outcome in outcomes:
            return FileReport(name, outcome, articles=results)
    return FileReport(name, Outcome.UNCHANGED, articles=results)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        messages = [f"{key}: {' '.join(errors)}" for key, errors in exc.message_dict.items()]
        return "invalid article (" + "; ".join(messages) + ")"
    return f"could not save ({exc.__class__.__name__}: {exc})"


Loader = Callable[[], "bytes | FileReport"]


def import_many(
    items: Sequence[tuple[str, Loader]],
    *,
    options: ImportOptions,
    progress=None,
    on_report: Callable[[FileReport], None] | None = None,
    batch_size: int = 200,
) -> ImportSummary:
    """Import named files; a loader gives a file's bytes, or a report when it cannot be read.

    Files are committed in batches (each file in its own savepoint) because a transaction per
    file makes SQLite fsync thousands of times on a large import. A dry run is one transaction
    rolled back at the end, so it reports exactly what a real run would do and writes nothing.
    """
    summary = ImportSummary()
    lookups = _Lookups()
    if progress is not None:
        progress.reset(total=len(items))
    size = len(items) if options.dry_run else batch_size
    for start in range(0, len(items), max(size, 1)):
        with transaction.atomic():
            for name, load in items[start : start + size]:
                loaded = load()
                if isinstance(loaded, FileReport):
                    report = loaded
                else:
                    report = import_data(name=name, data=loaded, options=options, lookups=lookups)
                summary.files.append(report)
                if on_report:
                    on_report(report)
                if progress is not None:
                    progress.update(1)
            if options.dry_run:
                transaction.set_rollback(True)
    return summary


def walk(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Files to import, in a stable order; the flag says whether the file was named directly."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child, False
        else:
            yield path, True


def file_loader(path: Path, *, named: bool) -> Loader:
    def load():
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            reason = f"unknown file kind ({suffix or 'no extension'})"
            return FileReport(str(path), Outcome.FAILED if named else Outcome.SKIPPED, reason)
        try:
            if path.stat().st_size > settings.IMPORT_MAX_BYTES:
                # Refuse before reading: the parser would say the same, after loading it all.
                return FileReport(str(path), Outcome.FAILED, too_large(path.stat().st_size))
            return path.read_bytes()
        except OSError as exc:
            return FileReport(str(path), Outcome.FAILED, f"cannot read ({exc.strerror or exc})")

    return load


def too_large(size: int) -> str:
    mb = 1024 * 1024
    return f"too large ({size / mb:.1f} MB; the limit is {settings.IMPORT_MAX_BYTES / mb:.1f} MB)"


def import_paths(paths: Iterable[Path], *, options: ImportOptions, **kwargs) -> ImportSummary:
    """Import files and folders (walked recursively); unknown kinds found in folders are skipped."""
    items = [(str(path), file_loader(path, named=named)) for path, named in walk(paths)]
    return import_many(items, options=options, **kwargs)
