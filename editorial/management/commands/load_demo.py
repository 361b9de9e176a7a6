from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the demo content: each app that has some creates its rows that are missing, in the order "
        "of INSTALLED_APPS. A row that exists is never changed, so editors' work survives every run."
    )

    def handle(self, *args, **options):
        counts = {
            config.verbose_name: config.load_demo() for config in apps.get_app_configs() if hasattr(config, "load_demo")
        }
        if any(counts.values()):
            written = ", ".join(f"{count} {str(name).lower()} rows" for name, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {written}."))
        else:
            self.stdout.write("Demo content already loaded; nothing changed.")
