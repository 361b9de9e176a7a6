from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, export_content


class Command(BaseCommand):
    help = "Write all content (catalog, news, history, redirects) and its pictures into one zip archive."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the archive to write (must not exist yet)")

    def handle(self, *args, path: Path, **options):
        try:
            counts = export_content(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in counts.missing_files:
            self.stderr.write(f"missing from the media storage, not in the archive: {name}")
        for name in counts.refused_files:
            self.stderr.write(
                f"a picture row names a file outside the media folder, not in the archive: {name} "
                "(a restore refuses the archive until that row is mended)"
            )
        rows = sum(counts.rows.values())
        self.stdout.write(f"wrote {path}: {rows:,} rows of {len(counts.rows)} kinds, {counts.files:,} files")
