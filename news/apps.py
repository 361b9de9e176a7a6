from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")
    # What the editorial roles read (editorial/roles.py).
    editorial_content = "written"
    contributor_inlines = ("mention",)

    def ready(self):
        from editorial.slugs import track

        from . import share_cards, signals  # noqa: F401  (connect the mention-keeping receivers, register the cards)
        from .models import Article, Topic

        track(Article, Topic)

    def load_demo(self) -> int:
        """Create the demo sources, topics and articles that are missing (after the catalog's)."""
        from .demo import load_demo_news

        return load_demo_news()
