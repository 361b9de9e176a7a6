from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Share cards")

    def ready(self):
        from . import catalog_cards  # noqa: F401  (people and songs get cards too)

    def refresh_renditions(self) -> str:
        """Queue the cards that are missing or out of date (`manage.py refresh_renditions` calls this)."""
        from .cards import queue_stale

        return f"{queue_stale()} queued for the background worker."
