from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, import_content


class Command(BaseCommand):
    help = (
        "Restore an archive written by export_content into an empty database. Every row and file is checked "
        "first; a bad or tampered archive is refused whole, with the reason, and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="an archive written by export_content")
        parser.add_argument(
            "--allow-non-empty",
            action="store_true",
            help="restore into a database that already holds content (rows with the same id are replaced)",
        )
        parser.add_argument(
            "--allow-foreign",
            action="store_true",
            help="restore an archive this site did not sign (another site's, or unsigned); it is still checked "
            "throughout",
        )

    def handle(self, *args, path: Path, allow_non_empty: bool, allow_foreign: bool, **options):
        try:
            counts = import_content(path, allow_non_empty=allow_non_empty, allow_foreign=allow_foreign)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in counts.kept_files:
            self.stderr.write(f"kept the file already at {name} (the archive's copy differs)")
        if counts.cleaned_rows:
            self.stderr.write(
                f"{counts.cleaned_rows:,} rows were stored cleaned, as a save cleans them "
                "(markup outside the allow-list, line endings)"
            )
        rows = sum(counts.rows.values())
        self.stdout.write(
            f"restored {path}: {rows:,} rows, {counts.files:,} files, {counts.accounts_created} accounts created"
        )
