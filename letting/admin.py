from django.contrib import admin

from .models import ContractClause, Letting


@admin.register(ContractClause)
class ContractClauseAdmin(admin.ModelAdmin):
    list_display = ["position", "title", "is_active"]
    list_display_links = ["title"]
    list_editable = ["position", "is_active"]
    search_fields = ["title", "body"]


@admin.register(Letting)
class LettingAdmin(admin.ModelAdmin):
    """Read only: a letting changes through its pages (signatures, seal), never by editing the row."""

    list_display = ["contract_number", "party", "unit", "start", "state", "sealed_at"]
    list_filter = ["state", "source"]
    search_fields = ["contract_number", "party__last_name", "party__first_name", "external_id"]
    list_select_related = ["party", "unit__building"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
