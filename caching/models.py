"""The content version every cache key is built on."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A number that grows whenever anything visitors may see changes: row 1 counts every change, and
    each part of the content with a version of its own (the catalog's) has a row too.

    It lives in the database so that every worker on every host reads the same number, with a
    shared cache or without one. Page caches put it in their keys (`caching.changes`).
    """

    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    next_go_live = models.DateTimeField(
        null=True, blank=True, help_text="When the next scheduled row goes live; empty until worked out."
    )

    class Meta:
        db_table = "editorial_contentversion"  # made by the editorial app before this one took it over
        verbose_name = _("content version")

    def __str__(self):
        return f"content version {self.version}"
