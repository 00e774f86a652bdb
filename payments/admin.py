"""Mietrückstände are the ERP's: shown here to look up, changed only through the exchange API."""

from django.contrib import admin

from .models import Arrear


@admin.register(Arrear)
class ArrearAdmin(admin.ModelAdmin):
    list_display = ["party", "tenancy", "amount", "as_of", "reported_by", "updated_at"]
    list_filter = ["as_of"]
    search_fields = ["party__last_name", "party__first_name", "party__company_name", "external_id"]
    list_select_related = ["party", "tenancy__unit"]
    readonly_fields = [f.name for f in Arrear._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
