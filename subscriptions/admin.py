"""Admin for the catalog of Zusatzleistungen (de/en/nl, price, where offered, terms). Agreements are shown
read-only: they change through subscriptions.booking only, which records each change for the ERP."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import models


@admin.register(models.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name_de", "kind", "monthly_price", "unit_kind", "needs_confirmation", "is_active"]
    list_filter = ["is_active", "kind", "all_properties", "needs_confirmation"]
    search_fields = ["code", "name_de", "name_en", "name_nl"]
    filter_horizontal = ["properties"]
    prepopulated_fields = {"code": ["name_de"]}
    fieldsets = [
        (None, {"fields": [("code", "kind"), ("is_active", "position")]}),
        (_("Bezeichnung"), {"fields": ["name_de", "name_en", "name_nl"]}),
        (_("Beschreibung"), {"fields": ["description_de", "description_en", "description_nl"]}),
        (_("Preis"), {"fields": [("monthly_price", "vat_rate")]}),
        (_("Angebot"), {"fields": ["all_properties", "properties", "unit_kind"]}),
        (
            _("Laufzeit"),
            {"fields": ["monthly", ("minimum_term_months", "notice_months"), "needs_confirmation"]},
        ),
    ]


class ChangeInline(admin.TabularInline):
    model = models.SubscriptionChange
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "effective_on", "note", "by", "at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["party", "service", "unit", "state", "starts_on", "ends_on", "monthly_price"]
    list_filter = ["state", "service"]
    search_fields = ["party__last_name", "party__first_name", "process__ticket__reference"]
    list_select_related = ["party", "service", "unit__building"]
    inlines = [ChangeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
