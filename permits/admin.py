from django.contrib import admin

from .models import Permit


@admin.register(Permit)
class PermitAdmin(admin.ModelAdmin):
    list_display = ("process", "kind", "party", "unit", "valid_from", "valid_until", "revoked_at")
    list_filter = ("kind",)
    search_fields = ("process__ticket__reference", "party__last_name", "subtenant_name", "description")
    raw_id_fields = ("process", "party", "unit", "granted_by", "revoked_by")
    readonly_fields = ("granted_at",)
