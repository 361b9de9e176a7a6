"""Shareable preview links for drafts, and the old slugs that keep shared links working."""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREVIEW_SALT = "editorial.preview-link"


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class AboutQuerySet(models.QuerySet):
    """Rows about one content entry (a generic content_type + object_id pair)."""

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class PreviewLinkQuerySet(AboutQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A link that shows one unpublished page to someone without an account, until it expires.

    The address carries a signed token naming this row and its random nonce, so it cannot be
    guessed or altered; the row says whether it still works (expiry, revocation).
    """

    class Lifetime(models.IntegerChoices):
        DAY = 1, _("1 day")
        WEEK = 7, _("7 days")
        MONTH = 30, _("30 days")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        indexes = [models.Index(fields=["content_type", "object_id"], name="previewlink_target")]

    def __str__(self):
        return _("Preview of %(target)s") % {"target": self.target or _("a deleted item")}

    def shared_url(self):
        # Not get_absolute_url: the admin's "view on site" redirects any staff member to that address,
        # asking no permission, so it would hand the link to those who may not share drafts.
        return reverse("editorial:shared-preview", kwargs={"token": self.token})

    @classmethod
    def create_for(cls, obj, *, user, days: int) -> "PreviewLink":
        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            created_by=user,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )

    @property
    def token(self) -> str:
        return signing.dumps({"id": self.pk, "n": self.nonce}, salt=PREVIEW_SALT)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class SlugRedirect(models.Model):
    """An address a page used to have: its detail view answers it with a permanent redirect."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    old_slug = models.CharField(_("old slug"), max_length=200)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "old_slug"], name="unique_old_slug_per_model"),
        ]

    def __str__(self):
        return f"{self.old_slug} → {self.target}"


class OldPath(models.Model):
    """An address a row had on the site it was imported from (`/2025/06/slug/`, `/?p=101`): it answers
    with a permanent redirect, but only where no page of this site answers (see editorial.old_paths)."""

    path = models.CharField(_("old path"), max_length=500, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("imported old path")
        verbose_name_plural = _("imported old paths")
        indexes = [models.Index(fields=["content_type", "object_id"], name="old_path_target")]

    def __str__(self):
        return f"{self.path} → {self.target}"


class ReviewRequestQuerySet(AboutQuerySet):
    def waiting(self):
        return self.filter(state=ReviewRequest.State.WAITING)


class ReviewRequest(models.Model):
    """A contributor's draft waiting for an editor, or sent back to its writer with a comment.

    One row per entry, updated at each step; the entry's own history records every step too (who,
    when, and the comment), so this row only says where the entry stands now.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting for review")
        RETURNED = "returned", _("sent back")
        APPROVED = "approved", _("approved")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_review_per_entry")]

    def __str__(self):
        return _("Review of %(target)s") % {"target": self.target or _("a deleted item")}

    @classmethod
    def submit(cls, obj, *, user) -> "ReviewRequest":
        request, _created = cls.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            defaults={
                "state": cls.State.WAITING,
                "submitted_by": user,
                "submitted_at": timezone.now(),
                "decided_by": None,
                "decided_at": None,
                "comment": "",
            },
        )
        return request

    @classmethod
    def decide(cls, obj, *, user, state: str, comment: str = "") -> int:
        """Send back or approve the entry's waiting request; how many there were (0 or 1)."""
        return (
            cls.objects.for_object(obj)
            .waiting()
            .update(state=state, decided_by=user, decided_at=timezone.now(), comment=comment)
        )


class WorkingLanguage(models.Model):
    """The language a person last signed in or took a review step in: the workflow's e-mails to them
    are written in it (editorial/notifications.py), and in English for someone never seen."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("user")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("working language")
        verbose_name_plural = _("working languages")

    def __str__(self):
        return f"{self.user_id}: {self.language}"

    @classmethod
    def remember(cls, user, language: str | None) -> None:
        if user is None or user.pk is None or language not in dict(settings.LANGUAGES):
            return
        cls.objects.update_or_create(user=user, defaults={"language": language})
