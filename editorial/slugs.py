"""Old addresses keep working: a changed slug is remembered and its URL redirects permanently.

The models whose slugs appear in public URLs are tracked (each content app calls `track` when it
is ready). When one's slug changes, the old slug is stored against the row; a detail view that
finds nothing under a slug looks it up there and answers 301 to wherever the row lives now (only
if the visitor may see it there).
"""

import functools
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

_PLACEHOLDER = "slug-placeholder"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # the <slug:…> converter's pattern: nothing in it needs quoting


def slug_url(url_name: str, slug: str) -> str:
    """`reverse(url_name, kwargs={"slug": slug})` for a <slug:slug> path, in the active language.

    The path is reversed once per language with a placeholder, then each slug put in its place:
    lists, cards and JSON-LD ask for dozens of addresses, and each reverse() does the whole lookup.
    A value the converter refuses goes through reverse() itself, which says so.
    """
    if not _SLUG.fullmatch(slug):
        return reverse(url_name, kwargs={"slug": slug})
    return _template(url_name, translation.get_language(), get_script_prefix()).replace(_PLACEHOLDER, slug)


@functools.lru_cache(maxsize=256)
def _template(url_name: str, language: str | None, script_prefix: str) -> str:
    """The path with a placeholder slug, from the root URLconf (as the sitemaps' paths are)."""
    with translation.override(language):
        return reverse(url_name, kwargs={"slug": _PLACEHOLDER})


def remember_old_slug(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and "slug" not in update_fields:
        return
    old = sender._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if not old or old == instance.slug:
        return
    from .models import SlugRedirect

    content_type = ContentType.objects.get_for_model(sender)
    SlugRedirect.objects.update_or_create(content_type=content_type, old_slug=old, defaults={"object_id": instance.pk})
    # The new slug is this row's own again (or from now on): no redirect may shadow it.
    SlugRedirect.objects.filter(content_type=content_type, old_slug=instance.slug).delete()


def track(*models):
    """Remember the old slugs of these models, so their old addresses redirect."""
    for model in models:
        pre_save.connect(remember_old_slug, sender=model, dispatch_uid=f"editorial.old_slug.{model._meta.label}")


def current_slug_for(queryset, old_slug: str) -> str | None:
    """The slug now used by the row that once answered to `old_slug`, if the queryset shows it."""
    from .models import SlugRedirect

    content_type = ContentType.objects.get_for_model(queryset.model)
    object_id = (
        SlugRedirect.objects.filter(content_type=content_type, old_slug=old_slug)
        .values_list("object_id", flat=True)
        .first()
    )
    if object_id is None:
        return None
    return queryset.prefetch_related(None).filter(pk=object_id).values_list("slug", flat=True).first()


def old_address_holder(model, slug: str, pk=None):
    """The other row, still there, that `slug` is an old address of: its redirect is in use."""
    from .models import SlugRedirect

    object_id = (
        SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(model), old_slug=slug)
        .exclude(object_id=pk)
        .values_list("object_id", flat=True)
        .first()
    )
    return None if object_id is None else model._base_manager.filter(pk=object_id).first()


class OldAddressesKept:
    """For a model form with a slug: another row's old address is refused, whoever asks for it. Taking
    it would delete that row's redirect (or shadow it), so the links shared to it would break."""

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        holder = old_address_holder(self._meta.model, slug, self.instance.pk) if slug else None
        if holder is not None:
            raise ValidationError(
                _(
                    "“%(slug)s” was the address of “%(holder)s”, and links to it still lead there. Choose "
                    "another slug, or have that old address deleted first (Editorial › Old addresses)."
                ),
                code="old_address",
                params={"slug": slug, "holder": holder},
            )
        return slug


class SlugRedirectMixin:
    """For a DetailView looked up by slug: a 404 under an old slug becomes a 301 to the new one."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            old_slug = kwargs.get(self.slug_url_kwarg)
            new_slug = current_slug_for(self.get_queryset(), old_slug) if old_slug else None
            if not new_slug or new_slug == old_slug:
                raise
            match = request.resolver_match
            url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, self.slug_url_kwarg: new_slug})
            if request.META.get("QUERY_STRING"):
                url = f"{url}?{request.META['QUERY_STRING']}"
            return HttpResponsePermanentRedirect(url)
