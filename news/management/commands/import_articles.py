import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from news.importer.console import STYLES, as_json, file_line, totals_line
from news.importer.reports import ImportOptions, Outcome
from news.importer.runs import import_paths


class Command(BaseCommand):
    help = (
        "Import articles from text, Markdown, HTML, JSON, RSS or Atom files, WordPress exports and Word documents; "
        "folders and zips are walked. "
        "Re-running on the same files creates nothing new. Exit status: 0 all imported, 1 some failed, 2 bad usage."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders to import")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen and write nothing")
        parser.add_argument("--source", default="", metavar="NAME", help="the publication these articles come from")
        status = parser.add_mutually_exclusive_group()
        status.add_argument("--publish", dest="publish", action="store_true", default=None, help="publish them")
        status.add_argument(
            "--draft", dest="publish", action="store_false", help="keep them as drafts (new articles are by default)"
        )
        parser.add_argument("--overwrite", action="store_true", help="replace what editors changed since the import")
        parser.add_argument(
            "--pages", action="store_true", help="import a WordPress export's pages too, not only posts"
        )
        parser.add_argument("--json", action="store_true", help="print a machine-readable report instead of lines")

    def handle(self, *args, paths, dry_run, source, publish, overwrite, pages, json: bool, verbosity, **options):
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}", returncode=2)
        options = ImportOptions(source=source, publish=publish, overwrite=overwrite, dry_run=dry_run, pages=pages)
        show_bar = sys.stderr.isatty() and not json
        with tqdm(total=0, unit="file", disable=not show_bar, file=sys.stderr, leave=False) as bar:
            on_report = None if json else (lambda report: self._line(report, bar, verbosity))
            summary = import_paths(paths, options=options, progress=bar, on_report=on_report, keep_files=json)
        if json:
            self.stdout.write(as_json(summary, dry_run=dry_run))
        else:
            style = self.style.ERROR if summary.failed else self.style.SUCCESS
            self.stdout.write(style(totals_line(summary, dry_run=dry_run)))
        if summary.failed:
            # Every other file was imported; the lines above say which failed and why.
            raise CommandError(f"{summary.failed} of {summary.total} files failed.", returncode=1)

    def _line(self, report, bar, verbosity):
        if verbosity == 0 and report.outcome != Outcome.FAILED:
            return
        style = getattr(self.style, STYLES[report.outcome])
        with bar.external_write_mode(file=sys.stderr):
            self.stdout.write(style(file_line(report)))
