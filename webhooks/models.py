"""Webhook endpoints, and the log of what was sent to them and what they answered."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    PUBLISHED = "published", _("published")
    UPDATED = "updated", _("updated")
    UNPUBLISHED = "unpublished", _("unpublished")
    DELETED = "deleted", _("deleted")


PURGE = "purge"


class Kind(models.TextChoices):
    ARTICLE = "article", _("articles")
    FILM = "film", _("films")
    PERSON = "person", _("people")
    SONG = "song", _("songs")
    CHARACTER = "character", _("characters")


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


class Endpoint(models.Model):
    class Purpose(models.TextChoices):
        CONTENT = "content", _("content events")
        PURGE = "purge", _("CDN purge by cache tag")

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("address"), max_length=500, help_text=_("Where the site posts, e.g. https://example.com/hooks/starlight")
    )
    purpose = models.CharField(_("kind"), max_length=10, choices=Purpose.choices, default=Purpose.CONTENT)
    events = models.JSONField(_("events"), default=list, blank=True)
    kinds = models.JSONField(_("for"), default=list, blank=True)
    secret = models.CharField(_("secret"), max_length=80, default=new_secret, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.name

    def listens_to(self, event: str, kind: str) -> bool:
        return self.purpose == self.Purpose.CONTENT and event in self.events and kind in self.kinds


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("given up")

    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=20)
    kind = models.CharField(_("of"), max_length=20, blank=True)
    object_id = models.BigIntegerField(_("row"), null=True, blank=True)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts_made = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    resent_from = models.ForeignKey(
        "self", verbose_name=_("sent again from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_endpoint")]

    def __str__(self):
        return f"{self.event} {self.kind} {self.object_id or ''} → {self.endpoint}".replace("  ", " ")


class Attempt(models.Model):
    """One try at a delivery: what the endpoint answered, or why there was no answer."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("at"))
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    answer = models.TextField(_("answer (start)"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self):
        return f"#{self.number}"
