"""Staff see the outbox here: what went out, what failed and why, and can send failed messages again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import DeliveryEvent, InboundMail, OutboxMessage, WorkOrder
from .services import outbox_retry


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient_address", "subject", "state", "attempts", "sent_at"]
    list_filter = ["state", "channel", "kind"]
    search_fields = ["recipient_address", "subject", "idempotency_key"]
    list_select_related = ["ticket"]
    raw_id_fields = ["ticket", "recipient_party"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Erneut senden"))
    def retry(self, request, queryset) -> None:
        count = outbox_retry(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(n)s Nachricht wird erneut gesendet.", "%(n)s Nachrichten werden erneut gesendet.", count
            )
            % {"n": count},
            messages.SUCCESS,
        )


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    list_display = ["ticket", "contractor", "created_at", "accepted_at", "declined_at", "revoked_at"]
    raw_id_fields = ["ticket"]
    list_select_related = ["ticket", "contractor"]
    exclude = ["nonce"]


@admin.register(DeliveryEvent)
class DeliveryEventAdmin(admin.ModelAdmin):
    list_display = ["received_at", "event_type", "recipient"]
    list_filter = ["event_type"]
    search_fields = ["recipient"]


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    list_display = ["received_at", "from_address", "subject", "ticket"]
    search_fields = ["from_address", "subject"]
    raw_id_fields = ["ticket", "party"]
