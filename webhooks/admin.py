"""Webhooks in the admin: endpoints (for those given the model's permissions: no editorial role has
them), and the log of deliveries with each attempt's answer, read-only, with "Send again"."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from editorial.publishing_admin import to_the_minute

from . import sending
from .forms import EndpointForm
from .models import Attempt, Delivery, Endpoint

SEND_PERMISSION = "webhooks.add_delivery"


def masked(secret: str) -> str:
    return f"{secret[:10]}…" if secret else ""


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["name", "purpose", "url", "active", "secret_masked"]
    list_filter = ["purpose", "active"]
    search_fields = ["name", "url"]
    readonly_fields = ["secret_masked", "created_at"]

    @admin.display(description=_("secret"))
    def secret_masked(self, endpoint):
        return masked(endpoint.secret)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def response_add(self, request, obj, post_url_continue=None):
        # Shown this once: the receiver needs it to check signatures; the admin shows it masked from now on.
        self.message_user(
            request,
            _("The secret of “%(name)s”, shown this once (give it to the receiver): %(secret)s")
            % {"name": obj.name, "secret": obj.secret},
            messages.WARNING,
        )
        return super().response_add(request, obj, post_url_continue)


class AttemptInline(admin.TabularInline):
    model = Attempt
    fields = ["number", "at", "status", "answer", "error", "duration_ms"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("at"))
    def at(self, attempt):
        return to_the_minute(attempt.started_at)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created", "endpoint", "event", "kind", "object_id", "state", "attempts_made", "next_attempt"]
    list_filter = ["state", "event", "kind", "endpoint"]
    list_select_related = ["endpoint"]
    fields = [
        "endpoint",
        "event",
        "kind",
        "object_id",
        "payload",
        "created_at",
        "state",
        "attempts_made",
        "next_attempt_at",
        "resent_from",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["send_again"]

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, delivery):
        return to_the_minute(delivery.created_at)

    @admin.display(description=_("next attempt"), ordering="next_attempt_at")
    def next_attempt(self, delivery):
        return to_the_minute(delivery.next_attempt_at)

    @admin.action(description=_("Send again"), permissions=["send"])
    def send_again(self, request, queryset):
        copies = sending.send_again(queryset.order_by("pk"))
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued to be sent again.",
                "%(count)d deliveries queued to be sent again.",
                len(copies),
            )
            % {"count": len(copies)},
            messages.SUCCESS,
        )

    def has_send_permission(self, request):
        return request.user.has_perm(SEND_PERMISSION)

    # The log is what happened: never written by hand, never rewritten.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
