from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from estate.iban import mask_ibans

from .models import Attachment, ChangeRequest, FollowUp, Message, Ticket, TicketEvent, WorkOrder
from .workspace import Appointment, SavedView, StandardAttachment, TextBlock


class ReadOnlyInline(admin.TabularInline):
    """The timeline is never edited: a mistake is corrected by a new event."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ["created_at", "kind", "actor_label", "is_public", "data"]
    readonly_fields = fields


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "kind", "author_label", "body"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["created_at", "original_name", "content_type", "size"]
    readonly_fields = fields


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "item",
        "property",
        "unit",
        "status",
        "priority",
        "due_at",
        "assignee",
        "created_at",
    ]
    list_filter = ["status", "priority", "category", "channel", "visibility", "team", "property"]
    search_fields = ["reference", "description", "reporter__last_name", "reporter_name"]
    date_hierarchy = "created_at"
    list_select_related = ["item", "property", "unit__building", "assignee"]
    # The workflow's fields change only through the back-office, which checks the move, bumps the
    # version, writes the timeline row and tells whoever listens; the admin shows them.
    readonly_fields = [
        "reference",
        "status",
        "status_reason",
        "priority",
        "respond_by",
        "due_at",
        "is_overdue",
        "team",
        "assignee",
        "contractor",
        "contractor_may_progress",
        "caretaker",
        "visibility",
        "show_to_tenants",
        "show_to_owners",
        "show_to_board",
        "show_to_caretakers",
        "is_anonymous",
        "restricted_to",
        "duplicate_of",
        "version",
        "created_at",
        "updated_at",
        "closed_at",
    ]
    readonly_fields += ["answers_masked"]
    # The answers may hold a new IBAN: shown masked, like every IBAN outside the approval page.
    exclude = ["answers", "search_vector"]
    autocomplete_fields = ["reporter", "subject_party", "unit", "property", "item"]
    inlines = [MessageInline, AttachmentInline, EventInline]
    show_full_result_count = False  # no COUNT(*) over a million rows on every page

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Antworten"))
    def answers_masked(self, obj: Ticket) -> str:
        return _masked(obj.answers or {})


def _masked(values: dict) -> str:
    return format_html_join(
        "", "<div><strong>{}</strong>: {}</div>", ((key, value) for key, value in mask_ibans(values).items())
    )


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    """IBANs are masked here: the full one is shown only on the approval page, which logs every look."""

    list_display = ["kind", "party", "state", "created_at", "decided_by"]
    list_filter = ["kind", "state"]
    search_fields = ["party__last_name", "party__first_name"]
    exclude = ["old_values", "new_values"]
    readonly_fields = ["old_values_masked", "new_values_masked", "decided_by", "decided_at"]
    autocomplete_fields = ["party", "ticket"]

    @admin.display(description=_("bisherige Werte"))
    def old_values_masked(self, obj: ChangeRequest) -> str:
        return _masked(obj.old_values)

    @admin.display(description=_("neue Werte"))
    def new_values_masked(self, obj: ChangeRequest) -> str:
        return _masked(obj.new_values)


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["ticket", "due_on", "note", "team", "done_at"]
    list_filter = ["due_on", "team"]
    autocomplete_fields = ["ticket"]
    search_fields = ["ticket__reference", "note"]


admin.site.site_header = _("Mieterportal – Verwaltung")
admin.site.site_title = _("Mieterportal")
admin.site.index_title = _("Stammdaten, Kataloge und Meldungen")


@admin.register(TextBlock)
class TextBlockAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "category", "position", "active"]
    list_filter = ["active", "category"]
    list_editable = ["position", "active"]
    search_fields = ["title", "code", "body_de"]
    prepopulated_fields = {"code": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "code", "category", "position", "active"]}),
        (
            _("Text"),
            {
                "fields": ["body_de", "body_en", "body_nl"],
                "description": _(
                    "Platzhalter: {tenant_name}, {salutation}, {reference}, {property}, {unit}, "
                    "{staff_name}. Ohne Text in der Sprache der Mieterin gilt der deutsche."
                ),
            },
        ),
    ]


@admin.register(StandardAttachment)
class StandardAttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "file", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["title", "description"]


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "query", "position"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "ends_at", "user", "team", "ticket", "cancelled_at"]
    list_filter = ["kind", "team"]
    list_select_related = ["user", "team", "ticket"]
    search_fields = ["title", "location", "ticket__reference"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["ticket", "user", "contractor"]


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    list_display = [
        "ticket",
        "contractor",
        "caretaker",
        "created_at",
        "accepted_at",
        "declined_at",
        "revoked_at",
    ]
    raw_id_fields = ["ticket", "caretaker"]
    list_select_related = ["ticket", "contractor", "caretaker"]
    exclude = ["nonce"]
