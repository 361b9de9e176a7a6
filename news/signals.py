"""Keep mentions current: after an article is saved, and after a catalog name changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .mentions import SOURCES, catalog_changed, refresh_mentions, refresh_mentions_of
from .models import Article


@receiver(post_save, sender=Article, dispatch_uid="news.article_mentions")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_mentions(instance)


def catalog_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    catalog_changed()
    refresh_mentions_of(instance)


def catalog_deleted(sender, instance, **kwargs):
    catalog_changed()


for model in SOURCES.values():
    post_save.connect(catalog_saved, sender=model, dispatch_uid=f"news.mentions.{model.__name__}")
    post_delete.connect(catalog_deleted, sender=model, dispatch_uid=f"news.mentions_gone.{model.__name__}")
