"""Admin for the report catalog (category -> group -> item), responsibilities and workflow rules.

The order tenants see is set by the `Reihenfolge` column in each list and inline: lower numbers first.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from . import models


class CatalogGroupInline(admin.TabularInline):
    model = models.CatalogGroup
    extra = 0
    fields = ["position", "code", "name_de", "name_en", "name_nl", "active"]
    show_change_link = True


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_de", "code", "kind", "position", "allows_public", "active"]
    list_editable = ["position", "active"]
    list_filter = ["kind", "active", "allows_public"]
    search_fields = ["code", "name_de", "name_en", "name_nl"]
    inlines = [CatalogGroupInline]
    fieldsets = [
        (None, {"fields": ["code", "kind", "position", "active", "allows_public"]}),
        (_("Bezeichnung für Mieter"), {"fields": ["name_de", "name_en", "name_nl"]}),
    ]


class CatalogItemInline(admin.TabularInline):
    model = models.CatalogItem
    extra = 0
    fields = ["position", "code", "name_de", "default_priority", "tenant_selectable", "active"]
    show_change_link = True


@admin.register(models.CatalogGroup)
class CatalogGroupAdmin(admin.ModelAdmin):
    list_display = ["name_de", "code", "category", "position", "item_count", "active"]
    list_editable = ["position", "active"]
    list_filter = ["category", "active"]
    search_fields = ["code", "name_de", "name_en", "name_nl", "category__name_de"]
    list_select_related = ["category"]
    inlines = [CatalogItemInline]
    fieldsets = [
        (None, {"fields": ["category", "code", "position", "active"]}),
        (_("Bezeichnung für Mieter"), {"fields": ["name_de", "name_en", "name_nl"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=_("Einträge"), ordering="item_count")
    def item_count(self, obj) -> int:
        return obj.item_count


class ExtraFieldInline(admin.StackedInline):
    model = models.ExtraField
    extra = 0
    fields = [
        ("key", "kind", "required", "position"),
        "label_de",
        ("label_en", "label_nl"),
        "choices",
    ]


@admin.register(models.CatalogItem)
class CatalogItemAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_de",
        "group",
        "category_name",
        "default_priority",
        "position",
        "tenant_selectable",
        "active",
    ]
    list_editable = ["position"]
    list_filter = [
        "group__category",
        "default_priority",
        "active",
        "tenant_selectable",
        "document_delivery",
        "required_features",
    ]
    search_fields = ["code", "name_de", "name_en", "name_nl", "staff_label", "group__name_de"]
    list_select_related = ["group__category"]
    autocomplete_fields = ["group"]
    filter_horizontal = ["required_features"]
    inlines = [ExtraFieldInline]
    fieldsets = [
        (None, {"fields": ["group", "code", "staff_label", "position", "active"]}),
        (
            _("Wortlaut für Mieter"),
            {
                "fields": ["name_de", "name_en", "name_nl"],
                "description": _("So sehen Mieter den Eintrag im Portal. Leer: Deutsch wird gezeigt."),
            },
        ),
        (_("Hinweise für Mieter"), {"fields": ["hint_de", "hint_en", "hint_nl"]}),
        (
            _("Priorität und Zeiten"),
            {"fields": ["default_priority", "respond_within_hours", "resolve_within_hours"]},
        ),
        (
            _("Wer darf wählen, was wird verlangt"),
            {"fields": ["tenant_selectable", "allows_public", "requires_photo", "required_features"]},
        ),
        (
            _("Dokumente und Änderungsanträge"),
            {"fields": ["document_delivery", "document_kind", "change_request_kind"]},
        ),
        (_("VERA-Codes für die Schnittstelle"), {"fields": ["vera_defect_location", "vera_defect_kind"]}),
    ]

    @admin.display(description=_("Kategorie"), ordering="group__category__position")
    def category_name(self, obj) -> str:
        return str(obj.group.category)


class ScopedRuleAdmin(admin.ModelAdmin):
    """Shared list for rules that apply to a property (or all) and a part of the catalog."""

    list_select_related = ["property", "category", "group", "item"]
    autocomplete_fields = ["property", "category", "group", "item"]
    search_fields = [
        "property__code",
        "property__name",
        "category__name_de",
        "group__name_de",
        "item__code",
        "item__name_de",
    ]

    @admin.display(description=_("Liegenschaft"), ordering="property__code")
    def where(self, obj) -> str:
        return str(obj.property) if obj.property_id else str(_("alle Liegenschaften"))

    @admin.display(description=_("Was"))
    def what(self, obj) -> str:
        return str(obj.item or obj.group or obj.category or _("alles"))


@admin.register(models.Responsibility)
class ResponsibilityAdmin(ScopedRuleAdmin):
    list_display = ["what", "where", "team", "user", "deputy", "active"]
    list_filter = [
        ("property", admin.RelatedOnlyFieldListFilter),
        "category",
        "team",
        "active",
    ]
    list_select_related = [*ScopedRuleAdmin.list_select_related, "team", "user", "deputy"]
    autocomplete_fields = [*ScopedRuleAdmin.autocomplete_fields, "team", "user", "deputy"]
    search_fields = [
        *ScopedRuleAdmin.search_fields,
        "team__name",
        "user__last_name",
        "deputy__last_name",
    ]
    fieldsets = [
        (
            _("Wofür"),
            {
                "fields": ["property", "category", "group", "item"],
                "description": _(
                    "Nur eines von Kategorie, Gruppe oder Eintrag wählen. Die genaueste passende Zeile gilt."
                ),
            },
        ),
        (_("Wer"), {"fields": ["team", "user", "deputy", "active"]}),
    ]


@admin.register(models.WorkflowRule)
class WorkflowRuleAdmin(ScopedRuleAdmin):
    list_display = [
        "what",
        "where",
        "contractor",
        "caretaker",
        "auto_release",
        "contractor_may_progress",
        "active",
    ]
    list_filter = [
        ("property", admin.RelatedOnlyFieldListFilter),
        "category",
        ("contractor", admin.RelatedOnlyFieldListFilter),
        "auto_release",
        "active",
    ]
    list_select_related = [*ScopedRuleAdmin.list_select_related, "contractor", "caretaker"]
    autocomplete_fields = [*ScopedRuleAdmin.autocomplete_fields, "contractor", "caretaker"]
    search_fields = [*ScopedRuleAdmin.search_fields, "contractor__name"]
    fieldsets = [
        (
            _("Wofür"),
            {
                "fields": ["property", "category", "group", "item"],
                "description": _("Nur eines von Kategorie, Gruppe oder Eintrag wählen."),
            },
        ),
        (
            _("Auftrag"),
            {"fields": ["contractor", "caretaker", "auto_release", "contractor_may_progress", "active"]},
        ),
    ]
