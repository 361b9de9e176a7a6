"""Preview links and old addresses in the admin: listed, revoked or removed, never typed in."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OldPath, PreviewLink, SlugRedirect


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "created", "expires_at", "active", "link"]
    list_filter = ["content_type", "revoked_at"]
    list_select_related = ["content_type", "created_by"]
    readonly_fields = ["content_type", "object_id", "created_by", "created", "expires_at", "revoked_at", "link"]
    fields = readonly_fields
    actions = ["revoke"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    def has_add_permission(self, request):
        return False  # made from the change form of the page they preview

    @admin.display(description=_("works"), boolean=True)
    def active(self, obj):
        return obj.is_active

    @admin.display(description=_("link"))
    def link(self, obj):
        if not obj.is_active:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.shared_url(), _("open"))

    @admin.action(description=_("Withdraw the selected links"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request, ngettext("%d link withdrawn.", "%d links withdrawn.", count) % count, messages.SUCCESS
        )


class RecordedAddressAdmin(admin.ModelAdmin):
    """Old addresses the site records by itself and redirects: read-only, listed with where they lead."""

    list_filter = ["content_type"]
    list_select_related = ["content_type"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SlugRedirect)
class SlugRedirectAdmin(RecordedAddressAdmin):
    """Recorded by itself when a slug changes."""

    list_display = ["old_slug", "target", "content_type", "created"]
    search_fields = ["old_slug"]
    readonly_fields = ["content_type", "old_slug", "object_id", "created"]
    fields = readonly_fields


@admin.register(OldPath)
class OldPathAdmin(RecordedAddressAdmin):
    """Recorded by the importer (a WordPress post's old permalink)."""

    list_display = ["path", "target", "content_type", "created"]
    search_fields = ["path"]
    readonly_fields = ["path", "content_type", "object_id", "created"]
    fields = readonly_fields
