"""What "visitors may see this" means: one definition per model, built on one rule.

A row is public when it is marked published and its publish time has come. Scheduled rows
therefore appear by themselves when the clock passes `publish_at`: no cron job flips a flag.

Some models also depend on others (a song is visible only while its film is; a topic is public
only while a published article uses it). Each such model's queryset overrides `published()` and
its instances `is_public`, so every view, sitemap, feed, search document and filter that asks
`Model.objects.published()` gets the whole rule. `marked_published()` is the row's own flag and
time alone, for a page that has already checked the row it belongs to (a film's own page lists
its songs that are marked published, also while an editor previews the draft film).
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from common import cache_tags


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def public_q(prefix: str = "") -> Q:
    """The publishing rule as a filter, for this model (`""`) or through a relation (`"film__"`)."""
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}publish_at__lte": timezone.now()})


def is_marked_public(obj) -> bool:
    return obj.status == Status.PUBLISHED and obj.publish_at <= timezone.now()


def moment(value) -> str:
    """A publishing time in the reader's language (Django's DATETIME_FORMAT), with its zone:
    “Nov. 25, 2026, 9 a.m. (UTC)”, “2026년 11월 25일 9:00 오전 (UTC)”."""
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({local.tzname()})"


def is_staff(user) -> bool:
    return user is not None and user.is_active and user.is_staff


def content_models() -> list[type[models.Model]]:
    """The models people write: those of the apps whose AppConfig says `editorial_content = "written"`."""
    configs = [c for c in apps.get_app_configs() if getattr(c, "editorial_content", None) == "written"]
    return [model for config in configs for model in config.get_models() if not is_history_model(model)]


def publishable_models() -> list[type["Publishable"]]:
    """The content models with a status and a publish time, in a stable order."""
    found = [model for model in content_models() if issubclass(model, Publishable)]
    return sorted(found, key=lambda model: model._meta.label)


class CreatedBy(models.Model):
    """Who made the row in the admin: a contributor may change only their own drafts. Nobody, for the
    rows that imports, feeds and commands make."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


# Set once, when a row is made: left out of the history, so that a restore (which takes a field the
# history lacks from the row as it is now) never gives a draft to someone else or to nobody.
NOT_IN_HISTORY = ["created_by"]


def is_history_model(model) -> bool:
    return model._meta.model_name.startswith("historical")


class VisibilityQuerySet(models.QuerySet):
    """A queryset whose subclass defines `published()`: what visitors may see of it.

    Evaluating one while a page is worked out makes the page depend on which rows of its kind there
    are (`common.cache_tags`): a list, a count or an existence test alike.
    """

    visibility_inputs: tuple[str, ...] = ()
    """The kinds ("app.model") whose rows' visibility `published()` also reads (a song's film)."""

    def _read(self):
        cache_tags.list_read(self.model, self.visibility_inputs)

    def _fetch_all(self):
        if self._result_cache is None:
            self._read()
        super()._fetch_all()

    def count(self):
        self._read()
        return super().count()

    def exists(self):
        self._read()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._read()
        return super().aggregate(*args, **kwargs)

    def visible_to(self, user):
        """Everything for staff (who preview drafts), only published rows for everyone else."""
        return self if is_staff(user) else self.published()


class PublishableQuerySet(VisibilityQuerySet):
    def marked_published(self):
        """Rows whose own status and time say public, whatever the rows they depend on say."""
        return self.filter(public_q())

    def published(self):
        """What visitors may see; models that depend on others add their rules here."""
        return self.marked_published()

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def unsettled(self):
        """Rows someone may still work on (the editors' worklist); a model whose rows can be settled
        for good while still drafts (a merged copy of an article) leaves those out."""
        return self

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def count_published(self) -> int:
        """How many of these visitors may see: all of them, less the drafts and the scheduled ones.

        Three counts, and cheaper than one for a whole archive: SQLite counts a table from its
        b-tree pages without reading an entry but counts published rows entry by entry; drafts and
        scheduled rows are few, and indexed. Where a model's `published()` adds rules of its own (a
        song needs its film), it is counted as it says.
        """
        if type(self).published is not PublishableQuerySet.published:
            return self.published().count()
        return self.count() - self.drafts().count() - self.scheduled().count()


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
    def is_marked_public(self) -> bool:
        return is_marked_public(self)

    @property
    def is_public(self) -> bool:
        """Whether visitors may see this row; models that depend on others extend it."""
        return is_marked_public(self)


def creators_from_history(apps, app_label: str, *model_names: str) -> None:
    """Fill `created_by` of the rows made before it existed from their history's "created" record,
    where it names someone (a data migration's step)."""
    for name in model_names:
        model = apps.get_model(app_label, name)
        created = (
            apps.get_model(app_label, f"Historical{name}")
            .objects.filter(id=models.OuterRef("pk"), history_type="+")
            .order_by("history_date", "history_id")
            .values("history_user_id")[:1]
        )
        model.objects.filter(created_by__isnull=True).update(created_by=models.Subquery(created))
