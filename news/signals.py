"""Saves made outside the writers (the shell, admin list actions, the demo loader) still get their
derived rows, through the same step; and mentions follow catalog names as they change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .mentions import SOURCES, catalog_changed, refresh_mentions_of
from .models import Article
from .writing import is_held, write_derived


@receiver(post_save, sender=Article, dispatch_uid="news.article_saved")
def article_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or is_held(instance):
        return  # fixtures carry their rows; a writer calls `write_derived` itself
    write_derived([instance], created=created, history=False)  # django-simple-history records this save


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
