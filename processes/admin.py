"""Admin for process templates (Vorgangsarten) and their steps, de/en/nl. Running processes are shown
read-only: they change through processes.engine only, which writes the ticket's timeline."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import models


class StepTemplateInline(admin.StackedInline):
    model = models.StepTemplate
    extra = 0
    fieldsets = [
        (None, {"fields": [("position", "code", "kind", "actor", "is_optional")]}),
        (None, {"fields": [("name_de", "name_en", "name_nl")]}),
        (None, {"fields": ["visible_to", ("deadline_days", "deadline_from", "deadline_field"), "outcomes"]}),
    ]


@admin.register(models.ProcessTemplate)
class ProcessTemplateAdmin(admin.ModelAdmin):
    list_display = ["name_de", "code", "catalog_item", "tenant_may_start", "is_active"]
    list_filter = ["is_active", "tenant_may_start"]
    search_fields = ["code", "name_de", "name_en", "name_nl"]
    list_select_related = ["catalog_item"]
    autocomplete_fields = ["catalog_item"]
    inlines = [StepTemplateInline]
    fieldsets = [
        (None, {"fields": ["code", "catalog_item", "tenant_may_start", "is_active", "description"]}),
        (_("Bezeichnung"), {"fields": ["name_de", "name_en", "name_nl"]}),
    ]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ProcessPartyInline(ReadOnlyInline):
    model = models.ProcessParty
    fields = ["role", "party", "user", "contractor", "added_at"]
    readonly_fields = fields


class ProcessStepInline(ReadOnlyInline):
    model = models.ProcessStep
    fields = ["template", "state", "due_at", "started_at", "done_at", "done_by", "done_by_party", "outcome"]
    readonly_fields = fields


class SignatureInline(ReadOnlyInline):
    model = models.Signature
    fields = ["signer_name", "role", "document_label", "signed_at", "ip_address", "document_hash"]
    readonly_fields = fields


@admin.register(models.Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["ticket", "template", "state", "current_step", "next_deadline", "started_at"]
    list_filter = ["template", "state"]
    search_fields = ["ticket__reference"]
    list_select_related = ["ticket__item", "template", "current_step__template"]
    date_hierarchy = "started_at"
    inlines = [ProcessPartyInline, ProcessStepInline, SignatureInline]
    readonly_fields = [
        "ticket",
        "template",
        "state",
        "current_step",
        "next_deadline",
        "data",
        "outcome",
        "version",
        "started_at",
        "ended_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["signer_name", "document_label", "role", "signed_at", "process"]
    search_fields = ["signer_name", "document_label", "document_hash"]
    list_select_related = ["process__ticket", "process__template"]
    readonly_fields = [f.name for f in models.Signature._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
