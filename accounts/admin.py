from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Absence, User
from .roles import capabilities


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


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(BaseGroupAdmin):
    """Rollen: each role's page says first, in German words, what its members may do (accounts.roles)."""

    readonly_fields = ["rights"]
    fields = ["name", "rights", "permissions"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("permissions__content_type")

    @admin.display(description=_("Was diese Rolle darf"))
    def rights(self, group: Group) -> str:
        held = (
            {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
            if group.pk
            else set()
        )
        rows = format_html_join(
            "",
            "<li>{} {}</li>",
            ((_("ja:") if allowed else _("nein:"), label) for label, allowed in capabilities(held)),
        )
        return format_html('<ul class="role-rights">{}</ul>', rows)
