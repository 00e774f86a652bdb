"""Staff see the outbox here: what went out, what failed and why, and can send failed messages again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    DeliveryEvent,
    InboundMail,
    LetterText,
    OutboxMessage,
    PrintBatch,
    PrintBatchItem,
)
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


@admin.register(LetterText)
class LetterTextAdmin(admin.ModelAdmin):
    list_display = ["kind", "language", "subject", "updated_at"]
    list_filter = ["kind", "language"]
    search_fields = ["subject", "paragraphs"]


class PrintBatchItemInline(admin.TabularInline):
    model = PrintBatchItem
    fields = ["position", "postcode", "recipient", "message", "printed"]
    readonly_fields = fields
    raw_id_fields = ["message"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PrintBatch)
class PrintBatchAdmin(admin.ModelAdmin):
    """Read-only record of what was printed; batches are made and run in the back-office."""

    list_display = ["pk", "created_at", "state", "letter_count", "page_count", "created_by", "posted_at"]
    list_filter = ["state"]
    list_select_related = ["created_by"]
    readonly_fields = [f.name for f in PrintBatch._meta.fields]
    inlines = [PrintBatchItemInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
