from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalog")
    # What the editorial roles read (editorial/roles.py).
    editorial_content = "written"
    contributor_inlines = ("credit", "songcredit", "personlink")
    contributor_uploads = ("image",)

    def ready(self):
        from editorial.slugs import track

        from .models import Film, Person, Song

        track(Film, Person, Song)

    def load_demo(self) -> int:
        """Create the demo catalog rows that are missing (`manage.py load_demo` calls this)."""
        from .demo import load_demo_catalog

        return load_demo_catalog()
