"""Build the search index again from the database: after bulk changes that send no signals
(bulk_create, queryset.update, loaddata), or to check nothing has drifted."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from search.indexing import rebuild
from search.models import Kind

LABELS = {Kind.FILM: ("film", "films"), Kind.PERSON: ("person", "people"), Kind.SONG: ("song", "songs"),
          Kind.ARTICLE: ("article", "articles")}  # fmt: skip


class Command(BaseCommand):
    help = "Rebuild the search index for films, people, songs and articles (or only the kinds given)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            metavar="KIND",
            help=f"Only this kind: {', '.join(Kind.values)}. Repeat for several.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would be indexed; write nothing.")
        parser.add_argument("--batch-size", type=int, default=1000, help="Objects read and written at a time.")

    def handle(self, *args, kinds=None, dry_run=False, batch_size=1000, verbosity=1, **options):
        unknown = sorted(set(kinds or []) - set(Kind.values))
        if unknown:
            raise CommandError(f"Unknown kind {', '.join(unknown)}: use {', '.join(Kind.values)}.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.monotonic()
        try:
            with transaction.atomic():
                counts = rebuild(kinds=kinds, batch_size=batch_size, dry_run=dry_run)
        except Exception as exc:  # a database error mid-way: the transaction left the old index whole
            raise CommandError(f"The search index was not rebuilt: {exc}") from exc
        parts = [f"{count} {LABELS[kind][0 if count == 1 else 1]}" for kind, count in counts.items()]
        verb = "Would index" if dry_run else "Indexed"
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"{verb} {', '.join(parts)} in {time.monotonic() - started:.1f} s."))
