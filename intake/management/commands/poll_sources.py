from django.core.management.base import BaseCommand, CommandError

from intake import polling
from news.importer.console import STYLES, as_json, file_line, totals_line
from news.importer.reports import ImportSummary
from news.models import Source


class Command(BaseCommand):
    help = (
        "Read each due source feed (RSS or Atom; an unchanged feed costs one 304) and import its new items "
        "as drafts, through the same importer as files. Exit status: 0 all read and imported, 1 a feed or an "
        "item failed (the others are still done), 2 bad usage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="NAME", help="read this source's feed now, due or not")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen and write nothing")
        parser.add_argument("--json", action="store_true", help="print a machine-readable report instead of lines")

    def handle(self, *args, source, dry_run, json: bool, verbosity, **options):
        on_report = None if json else (lambda report: self._line(report, verbosity))
        if source is not None:
            found = Source.objects.filter(name__iexact=source.strip()).first()
            if found is None:
                raise CommandError(f"No source named {source!r}.", returncode=2)
            if not found.feed_url:
                raise CommandError(f"The source {found.name!r} has no feed URL.", returncode=2)
            results = [polling.poll(found, dry_run=dry_run, on_report=on_report)]
        else:
            results = polling.poll_due(dry_run=dry_run, on_report=on_report)
        summary = ImportSummary()
        for result in results:
            for report in result.summary.files:
                summary.add(report)
        if json:
            feeds = [
                {
                    "source": r.source.name,
                    "status": r.status,
                    "error": r.error,
                    "items_left_out": r.left_out,
                    "items_left_for_next_poll": r.left_for_next,
                }
                for r in results
            ]
            self.stdout.write(as_json(summary, dry_run=dry_run, feeds=feeds))
        else:
            for result in results:
                style = self.style.ERROR if result.error else self.style.SUCCESS
                self.stdout.write(style(f"{result.source.name}: {result.status}"))
            failed_feeds = sum(1 for result in results if result.error)
            style = self.style.ERROR if summary.failed or failed_feeds else self.style.SUCCESS
            line = f"{len(results)} feeds read, {failed_feeds} failed; " if results else "No feed was due; "
            self.stdout.write(style(line + totals_line(summary, dry_run=dry_run, what="items")))
        failures = [result for result in results if result.failed]
        if failures:
            raise CommandError(f"{len(failures)} of {len(results)} feeds had failures.", returncode=1)

    def _line(self, report, verbosity):
        if verbosity or report.outcome == "failed":
            self.stdout.write(getattr(self.style, STYLES[report.outcome])(file_line(report)))
