"""No save silently undoes another's: every row people edit carries its revision number.

A save names the revision it was based on and moves it on in one conditional UPDATE, so of two
saves based on the same revision only the first goes through; the second raises `EditConflict`,
whoever makes it (an admin form, an import, a feed poll, a shell). An admin form carries the
revision it was opened at as a hidden field, so a form opened before someone else's save is based
on the older revision: it is shown again with what changed since, field by field (`RevisionForm`).
"""

from django.db import models, router, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

TAKE_THEIRS = "_take_theirs"  # the conflict panel's checkboxes: fields whose saved value wins


class EditConflict(Exception):
    """A save based on a revision that is no longer the row's latest."""

    def __init__(self, obj):
        self.obj = obj
        super().__init__(f"{obj._meta.verbose_name} {obj.pk} was saved by someone else since revision {obj.revision}")


class RevisionField(models.PositiveIntegerField):
    """The revision a row is at; in a form, the revision the form was opened at (a hidden input)."""

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(**{"widget": forms.HiddenInput, "required": False, **kwargs})


class Revisioned(models.Model):
    revision = RevisionField(_("revision"), default=1, help_text=_("Moves on with every save."))

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        rows = type(self)._base_manager.using(using).filter(pk=self.pk)
        with transaction.atomic(using=using):
            claimed = rows.filter(revision=self.revision).update(revision=F("revision") + 1)
            if not claimed and rows.exists():
                raise EditConflict(self)
            self.revision += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
            return super().save(*args, **kwargs)


def moved_on() -> dict:
    """What a queryset's `update()` of people's rows adds, so an open form based on them notices."""
    return {"revision": F("revision") + 1}
