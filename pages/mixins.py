"""Mixins every public page shares: who may see a row, and where the page sits (breadcrumbs)."""

from django.urls import reverse

from common import cache_tags


class PublishedMixin:
    """Visitors see published rows only; staff also see drafts, flagged as a preview."""

    def get_queryset(self):
        queryset = super().get_queryset()
        shared = getattr(self.request, "shared_preview", None)  # set only by the preview-link view
        if shared is not None and isinstance(shared, queryset.model):
            return queryset.filter(pk=shared.pk)
        return queryset.visible_to(self.request.user)

    def get_object(self, queryset=None):
        # One row found by its address: the page depends on that row (and what it shows), not on
        # which other rows of its kind there are.
        with cache_tags.rows_only():
            return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = context.get("object")
        context["is_preview"] = obj is not None and not obj.is_public
        return context


class CrumbsMixin:
    """Breadcrumbs for a detail page: home, the list it belongs to, the page itself."""

    parent_crumb: tuple[str, str] = ("", "")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url_name, label = self.parent_crumb
        context["crumbs"] = [
            (reverse(url_name), label),
            (None, getattr(self.object, "display_name", self.object)),
        ]
        # A page whose own title is in one language whatever the page's (an article) says which; a
        # name in two scripts marks each part (`marked_name`).
        context["crumb_language"] = getattr(self.object, "title_language", "")
        context["crumb_object"] = self.object
        return context
