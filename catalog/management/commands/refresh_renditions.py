from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.models import Image


class Command(BaseCommand):
    help = (
        "Make the picture sizes that are missing (after the site gained a new size, e.g. small avatars). "
        "Existing renditions and the uploads themselves are left as they are; safe to run again. "
        "Share cards that are missing or out of date are queued for the background worker."
    )

    def handle(self, *args, **options):
        added, failed, outside = 0, [], []
        with transaction.atomic():  # one content change for the whole run, however many pictures
            for image in Image.objects.order_by("pk").iterator(chunk_size=200):
                try:
                    with transaction.atomic():
                        added += bool(image.add_missing_renditions())
                except SuspiciousFileOperation:  # "/etc/passwd", "../x": the storage will not open it
                    outside.append(image)
                except Exception as exc:  # a damaged or unreadable file: said, and the others still done
                    failed.append(f"image {image.pk} ({image.file.name}): {exc}")
        for image in outside:  # a row to mend, not a file to read: said, and the run still succeeds
            self.stderr.write(
                f"image {image.pk} names a file outside the media folder ({image.file.name}): skipped; "
                "mend or delete that row"
            )
        for line in failed:
            self.stderr.write(line)
        self._refresh_other_apps()
        summary = f"Renditions added for {added} picture(s); {len(failed)} could not be read."
        if failed:
            raise CommandError(summary)
        if added or outside:
            self.stdout.write(f"{summary} {len(outside)} skipped (a file outside the media folder).")
        else:
            self.stdout.write("Every picture has all its renditions; nothing changed.")

    def _refresh_other_apps(self):
        """Pictures other apps make (share cards) through their AppConfig's `refresh_renditions()`:
        the catalog cannot import the apps above it."""
        for config in apps.get_app_configs():
            if hasattr(config, "refresh_renditions"):
                self.stdout.write(f"{config.verbose_name}: {config.refresh_renditions()}")
