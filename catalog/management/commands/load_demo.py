from django.core.management.base import BaseCommand

from catalog.demo import load_demo_catalog
from news.demo import load_demo_news


class Command(BaseCommand):
    help = "Load the demo catalog and demo news. Running it twice changes nothing."

    def handle(self, *args, **options):
        catalog = load_demo_catalog()
        news = load_demo_news()
        if catalog or news:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {catalog} catalog rows, {news} news rows."))
        else:
            self.stdout.write("Demo content already loaded; nothing changed.")
