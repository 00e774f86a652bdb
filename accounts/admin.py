from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Absence, User


class AbsenceInline(admin.TabularInline):
    model = Absence
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups", "teams"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [AbsenceInline]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Arbeit"), {"fields": ["language", "signature", "mail_footer", "wants_digest"]}),
    ]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["user", "starts_on", "ends_on", "deputy"]
    list_filter = ["starts_on"]
    search_fields = ["user__username", "user__last_name", "deputy__last_name"]
    list_select_related = ["user", "deputy"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["user", "deputy"]
