"""What "visitors may see this" means, defined once for every public model.

A row is public when it is marked published and its publish time has come. Scheduled rows
therefore appear by themselves when the clock passes `publish_at`: no cron job flips a flag.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def visible_to(self, user):
        """Everything for staff (who preview drafts), only published rows for everyone else."""
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()


class Publishable(models.Model):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        db_index=True,
        help_text=_("Drafts are never shown to visitors."),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        db_index=True,
        help_text=_("Published items appear on the site from this moment; set it in the future to schedule."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED and self.publish_at <= timezone.now()
