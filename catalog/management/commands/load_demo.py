from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo catalog and demo news. Running it twice changes nothing."

    def handle(self, *args, **options):
        self.stdout.write("Demo content: nothing to load yet.")
