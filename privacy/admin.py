"""Admin: retention rules and legal holds are edited here; exports and runs are a read-only log."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AnonymisationRun, DataExport, LegalHold, RetentionRule
from .retention import due_records


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "years", "active", "basis", "due_now"]
    list_editable = ["years", "active"]

    def changelist_view(self, request, extra_context=None):
        # The counts of what each rule would let go tonight, computed once for the whole list, per kind
        # of record the rule covers (privacy.retention.due_records, the run's own plan).
        rules = {rule.kind: rule for rule in RetentionRule.objects.all()}
        self._due = {}
        for due in due_records(rules):
            self._due.setdefault(str(due.rule), []).append(str(due.queryset.count()))
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("fällig (Vorschau)"))
    def due_now(self, rule: RetentionRule) -> str:
        return ", ".join(getattr(self, "_due", {}).get(rule.kind, ["0"]))


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    list_display = ["reason", "party", "ticket", "created_at", "released_at"]
    list_filter = ["released_at"]
    raw_id_fields = ["party", "ticket"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdmin):
    list_display = ["party", "channel", "state", "requested_by", "produced_by", "created_at", "downloads"]
    list_filter = ["channel", "state"]
    raw_id_fields = ["party"]


@admin.register(AnonymisationRun)
class AnonymisationRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "triggered_by", "counts"]
