"""Sources' feeds, read on each source's schedule; new items imported through the importer.

A feed is fetched politely (`common.fetching`): an unchanged feed costs one 304. Its items are read
by the importer's feed reader and saved by the importer's batches (`import_parsed`), so matching,
editors' changes and the report are those of a file import: an item seen before comes out
`unchanged`. An item that carries only a summary gets its article's text from the page it links to,
read by the HTML importer, once: when it comes again, the article is left as it is (its summary must
not replace the page's text). When the page cannot be read, the summary is imported with a "needs
review" reason.
A poll is bounded: it reads the newest FEED_MAX_ITEMS items (the others are left out, and its result
says how many), and stops between items after FEED_POLL_SECONDS, keeping what it imported. The time
is looked at between items rather than by a timer's signal (common.timeouts), which would cut an item
short and reaches only the main thread.
New articles are drafts. A feed that fails is reported and tried again at its next turn; it never
stops the others.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from common.chunks import chunks
from common.fetching import FetchError, fetch
from common.sanitize import html_to_text
from news.importer.article import Draft, ImportFailure, finish
from news.importer.formats_feed import parse_feed
from news.importer.parsing import decode, parse_file
from news.importer.reports import ArticleResult, FileReport, ImportOptions, ImportSummary, Outcome
from news.importer.runs import finish_run, import_parsed
from news.importer.saving import Lookups
from news.models import Article, Source

from .models import FeedState

logger = logging.getLogger(__name__)
FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_TYPES = "text/html, application/xhtml+xml;q=0.9"
SAVE_EVERY = 20  # items saved together: what a poll stopped by its time limit keeps
SUMMARY_ONLY = "only the feed's summary: the article's page could not be read ({why})"


@dataclass
class PollResult:
    source: Source
    status: str  # what happened, in a few words: "3 items", "not modified (304)", "failed: …"
    summary: ImportSummary = field(default_factory=ImportSummary)
    error: str = ""
    left_out: int = 0  # older items beyond FEED_MAX_ITEMS, never read
    left_for_next: int = 0  # items not read when the poll reached FEED_POLL_SECONDS

    @property
    def failed(self) -> bool:
        return bool(self.error) or bool(self.summary.failed)


def due(now: dt.datetime | None = None):
    """Sources with a feed whose turn has come (a source never read is due at once)."""
    now = now or timezone.now()
    return (
        Source.objects.exclude(feed_url="")
        .filter(Q(feed_state__isnull=True) | Q(feed_state__due_at__lte=now))
        .order_by("name")
    )


def poll_due(*, dry_run: bool = False, on_report=None) -> list[PollResult]:
    """Read every due feed once. Each is claimed first, so two workers never read the same one."""
    results = []
    for source in due():
        if dry_run or _claim(source):
            results.append(poll(source, dry_run=dry_run, on_report=on_report))
    return results


def next_due() -> dt.datetime | None:
    """When the next feed is due (None: no source has a feed)."""
    if not Source.objects.exclude(feed_url="").exists():
        return None
    if Source.objects.exclude(feed_url="").filter(feed_state__isnull=True).exists():
        return timezone.now()
    return FeedState.objects.exclude(source__feed_url="").order_by("due_at").values_list("due_at", flat=True).first()


def _claim(source: Source) -> bool:
    """Move the source's next turn on; only the one process whose update lands reads the feed."""
    state, _created = FeedState.objects.get_or_create(source=source)
    turn = timezone.now() + dt.timedelta(minutes=source.poll_minutes)
    return FeedState.objects.filter(pk=state.pk, due_at=state.due_at).update(due_at=turn) == 1


def poll(source: Source, *, dry_run: bool = False, on_report=None) -> PollResult:
    """Read one source's feed now and import its new items (a dry run writes nothing, state included)."""
    state = FeedState.objects.filter(source=source).first() or FeedState(source=source)
    now = timezone.now()
    try:
        fetched = fetch(source.feed_url, etag=state.etag, last_modified=state.last_modified, accept=FEED_TYPES)
    except FetchError as exc:
        return _failed(source, state, str(exc), dry_run=dry_run)
    if fetched.status == 304:
        result = PollResult(source, "not modified (304)")
    else:
        try:
            drafts = parse_feed(decode(fetched.body))
        except ImportFailure as exc:
            return _failed(source, state, f"not a readable feed: {exc}", dry_run=dry_run)
        newest = sorted(drafts, key=_newest_first)
        kept = newest[: settings.FEED_MAX_ITEMS]
        options = ImportOptions(source=source.name, dry_run=dry_run)
        summary, read = _import(source, kept, options=options, on_report=on_report, started=now)
        result = PollResult(source, "", summary, left_out=len(newest) - len(kept), left_for_next=len(kept) - read)
        result.status = _status(result)
        # A poll stopped by its time forgets the feed's validators: the next one reads it all, not a 304.
        finished = not result.left_for_next
        state.etag = fetched.etag[:500] if finished else ""
        state.last_modified = fetched.last_modified[:100] if finished else ""
        state.items_imported += summary.count(Outcome.CREATED)
    if not dry_run:
        state.last_fetched, state.last_status = now, result.status[:300]
        state.save()
    return result


def _failed(source: Source, state: FeedState, error: str, *, dry_run: bool) -> PollResult:
    logger.warning("feed of %s not read: %s", source.name, error)
    if not dry_run:
        now = timezone.now()
        state.last_fetched, state.last_status = now, f"failed: {error}"[:300]
        state.last_error, state.last_error_at = error, now
        state.save()
    return PollResult(source, f"failed: {error}", error=error)


def _counted(summary: ImportSummary) -> str:
    parts = [f"{summary.count(outcome)} {outcome.value}" for outcome in Outcome if summary.count(outcome)]
    return f"{summary.total} items: {', '.join(parts)}" if parts else "no items"


def _status(result: PollResult) -> str:
    """What the poll did, and what it left: the line the command prints and the source's page shows."""
    notes = [_counted(result.summary)]
    if result.left_out:
        notes.append(
            f"{result.left_out:,} older items left out (at most {settings.FEED_MAX_ITEMS:,} items are read a poll)"
        )
    if result.left_for_next:
        notes.append(
            f"stopped at the poll's time limit ({settings.FEED_POLL_SECONDS:,} s), "
            f"{result.left_for_next:,} items left for the next poll"
        )
    return "; ".join(notes)


def _newest_first(pair: tuple[Draft, str]) -> tuple[bool, float]:
    """Sort key: dated items newest first, then undated ones in the feed's order."""
    published = pair[0].published_at
    return (published is None, -published.timestamp() if published else 0.0)


def _import(
    source: Source, drafts: list[tuple[Draft, str]], *, options: ImportOptions, on_report, started: dt.datetime
) -> tuple[ImportSummary, int]:
    """Import the items in order, a few at a time, until they are done or the poll's time is up; the
    time is looked at between items only, so an item is never cut short. Returns the summary and how
    many items were read. What was imported before the stop stays."""
    deadline = started + dt.timedelta(seconds=settings.FEED_POLL_SECONDS)
    summary = ImportSummary()
    lookups = Lookups(dry_run=options.dry_run)
    read = 0
    for part in chunks(drafts, SAVE_EVERY):
        known = _known([draft.original_url for draft, _where in part if draft.original_url])
        files = []
        for draft, where in part:
            if timezone.now() >= deadline:
                break
            files.append(_item(source, draft, where, known))
        for report in import_parsed(files, options=options, on_report=on_report, lookups=lookups).files:
            summary.add(report)
        read += len(files)
        if len(files) < len(part):
            break
    finish_run(options, summary)
    return summary, read


def _known(urls: list[str]) -> dict[str, ArticleResult]:
    rows = Article.objects.filter(original_url__in=urls).values_list("original_url", "title", "slug")
    return {url: ArticleResult(Outcome.UNCHANGED, title, slug) for url, title, slug in rows}


def _item(source: Source, draft: Draft, where: str, known: dict[str, ArticleResult]) -> tuple:
    """An item as the importer's parsed file, its article's text fetched where the feed had only a summary."""
    label = f"{source.name}: {draft.original_url or where}"
    reasons = []
    if draft.summary_only and draft.original_url in known:
        # Imported before, with the text of its page: the summary must not replace that text.
        return label, FileReport.of(label, [known[draft.original_url]])
    if draft.summary_only and draft.original_url:
        draft, why = with_full_text(draft)
        if why:
            reasons.append(SUMMARY_ONLY.format(why=why))
    try:
        article = finish(draft, where=where)
    except ImportFailure as exc:
        return label, FileReport(label, Outcome.FAILED, str(exc))
    if reasons:
        article = replace(article, needs_review_reasons=(*article.needs_review_reasons, *reasons))
    return label, [article]


def with_full_text(draft: Draft) -> tuple[Draft, str]:
    """The draft with its body read from the page it links to, or unchanged and the reason why not."""
    try:
        page = fetch(draft.original_url, accept=PAGE_TYPES)
        if "html" not in page.content_type.lower():
            return draft, f"the link gives {page.content_type or 'no content type'}, not a page"
        found = parse_file(name="page.html", data=page.body, max_bytes=settings.IMPORT_MAX_BYTES)
    except (FetchError, ImportFailure) as exc:
        return draft, str(exc)
    body = found[0].body_html
    if len(html_to_text(body)) <= len(html_to_text(draft.body_html)):
        # The page was read and says no more: the feed's text was the whole article, not a summary.
        return replace(draft, summary_only=False), ""
    return replace(draft, body_html=body, summary=draft.body_html, base_url=page.url, summary_only=False), ""
