"""The change counter and the cache tags every cached page and read is checked against."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _new_epoch() -> str:
    return uuid.uuid4().hex


class ContentVersion(models.Model):
    """One row: a number that grows by one with every change visitors may see, when it was last
    moved, and when the next scheduled row goes live.

    It lives in the database so that every worker on every host reads the same number, with a
    shared cache or without one. A change also writes the number into the tags it touched
    (`CacheTag`); a page rendered at an earlier number is stale exactly when one of its tags holds a
    later one (`caching.changes`).
    """

    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    next_go_live = models.DateTimeField(
        null=True, blank=True, help_text="When the next scheduled row goes live; empty until worked out."
    )
    go_lives_counted_until = models.DateTimeField(
        default=timezone.now,
        help_text="Every scheduled row whose moment came by then has been counted as a change.",
    )
    # A database made afresh (or restored into a new one) counts from 1 again: what a shared cache
    # kept for another database must not pass for current.
    epoch = models.CharField(max_length=32, default=_new_epoch, editable=False)

    class Meta:
        db_table = "editorial_contentversion"  # made by the editorial app before this one took it over
        verbose_name = _("content version")

    def __str__(self):
        return f"content version {self.version}"


class CacheTag(models.Model):
    """A piece of content that pages are built from (`common.cache_tags`), and the change count at
    which an edit last touched it."""

    name = models.CharField(max_length=200, primary_key=True)
    version = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("cache tag")

    def __str__(self):
        return f"{self.name} @ {self.version}"
