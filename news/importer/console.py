"""How an import reports on a terminal: one line per file, then the totals; or JSON. Shared by the
commands that import (`import_articles`, `poll_sources`), so their reports read the same."""

import json

from .reports import FileReport, ImportSummary, Outcome

STYLES = {
    Outcome.CREATED: "SUCCESS",
    Outcome.UPDATED: "SUCCESS",
    Outcome.UNCHANGED: "HTTP_NOT_MODIFIED",
    Outcome.SKIPPED: "WARNING",
    Outcome.FAILED: "ERROR",
}


def file_line(report: FileReport) -> str:
    if report.reason:
        detail = report.reason
    else:
        titles = [f"“{article.title}”" for article in report.articles]
        detail = titles[0] if len(titles) == 1 else f"{len(titles)} articles"
        reviews = {article.needs_review for article in report.articles if article.needs_review}
        if reviews:
            detail += f" (needs review: {'; '.join(sorted(reviews))})"
    return f"{report.outcome.value:<9} {report.name}: {detail}"


def totals_line(summary: ImportSummary, *, dry_run: bool, what: str = "files") -> str:
    counts = ", ".join(f"{summary.count(o)} {o.value}" for o in Outcome if o != Outcome.SKIPPED)
    skipped = summary.count(Outcome.SKIPPED)
    line = f"{'Dry run, nothing written: ' if dry_run else ''}{summary.total} {what}: {counts}"
    return line + (f", {skipped} skipped" if skipped else "")


def as_json(summary: ImportSummary, *, dry_run: bool, **more) -> str:
    return json.dumps({"dry_run": dry_run, **summary.as_dict(), **more}, ensure_ascii=False, indent=2)
