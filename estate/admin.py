"""Admin for master data: properties, buildings, units, people and their roles, contractors, staff teams.

Lists select their related rows up front so a page costs the same few queries at 1 or 100 rows.
"""

import mimetypes

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import models
from .imports import MasterDataImportMixin
from .resources import PartyResource, PropertyResource, UnitResource


class RoleStatusFilter(admin.SimpleListFilter):
    """Aktuell / beendet / künftig, as staff think of a tenancy, not as two dates."""

    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("current", _("aktuell")), ("ended", _("beendet")), ("future", _("künftig"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.current(today)
        if self.value() == "ended":
            return queryset.filter(end__lt=today)
        if self.value() == "future":
            return queryset.filter(start__gt=today)
        return queryset


class RoleAdmin(admin.ModelAdmin):
    list_filter = [RoleStatusFilter, "start"]
    date_hierarchy = "start"
    autocomplete_fields = ["party"]


# --- Staff teams ----------------------------------------------------------------------------------------


class TeamMembershipInline(admin.TabularInline):
    model = models.TeamMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "lead", "email", "is_fallback", "member_count"]
    list_filter = ["is_fallback"]
    search_fields = ["name", "email"]
    list_select_related = ["lead"]
    autocomplete_fields = ["lead"]
    inlines = [TeamMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("Mitglieder"), ordering="member_count")
    def member_count(self, obj) -> int:
        return obj.member_count


# --- Properties, buildings, units -----------------------------------------------------------------------


@admin.register(models.PropertyFeature)
class PropertyFeatureAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class BuildingInline(admin.TabularInline):
    model = models.Building
    extra = 0
    fields = ["street", "house_number", "postcode", "city"]
    show_change_link = True


@admin.register(models.Property)
class PropertyAdmin(MasterDataImportMixin, admin.ModelAdmin):
    resource_classes = [PropertyResource]
    list_display = ["code", "name", "street", "postcode", "city", "state", "feature_list", "building_count"]
    list_filter = ["state", "features", "city"]
    search_fields = ["code", "name", "street", "postcode", "city"]
    filter_horizontal = ["features"]
    inlines = [BuildingInline]
    fieldsets = [
        (None, {"fields": ["code", "name"]}),
        (_("Anschrift"), {"fields": ["street", "postcode", "city", "state"]}),
        (_("Ausstattung und Zugang"), {"fields": ["features", "access_notes"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("features")
            .annotate(building_count=Count("buildings"))
        )

    @admin.display(description=_("Ausstattung"))
    def feature_list(self, obj) -> str:
        return ", ".join(f.name for f in obj.features.all())

    @admin.display(description=_("Gebäude"), ordering="building_count")
    def building_count(self, obj) -> int:
        return obj.building_count


class UnitInline(admin.TabularInline):
    model = models.Unit
    extra = 0
    fields = ["number", "kind", "floor", "rooms", "area"]
    show_change_link = True


@admin.register(models.Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "postcode", "city", "property"]
    list_filter = ["property__state", "city"]
    search_fields = ["street", "house_number", "postcode", "city", "property__code", "property__name"]
    list_select_related = ["property"]
    autocomplete_fields = ["property"]
    inlines = [UnitInline]


class UnitTenancyInline(admin.TabularInline):
    model = models.Tenancy
    extra = 0
    fields = ["party", "start", "end", "contract_number"]
    autocomplete_fields = ["party"]


@admin.register(models.Unit)
class UnitAdmin(MasterDataImportMixin, admin.ModelAdmin):
    resource_classes = [UnitResource]
    show_full_result_count = False  # no COUNT(*) over every row on each page
    list_display = ["number", "building", "property_code", "kind", "floor", "rooms", "area"]
    list_filter = ["kind", "building__property__state", "building__city"]
    search_fields = [
        "number",
        "building__street",
        "building__city",
        "building__property__code",
        "building__property__name",
    ]
    list_select_related = ["building__property"]
    autocomplete_fields = ["building"]
    inlines = [UnitTenancyInline]

    @admin.display(description=_("Liegenschaft"), ordering="building__property__code")
    def property_code(self, obj) -> str:
        return obj.building.property.code


# --- People and their roles -----------------------------------------------------------------------------


class TenancyInline(admin.TabularInline):
    model = models.Tenancy
    extra = 0
    fields = ["unit", "start", "end", "contract_number"]
    autocomplete_fields = ["unit"]


class OwnershipInline(admin.TabularInline):
    model = models.Ownership
    extra = 0
    fields = ["unit", "start", "end", "share"]
    autocomplete_fields = ["unit"]


class BankAccountInline(admin.TabularInline):
    """Read-only history: bank details change only through an approved change request."""

    model = models.BankAccount
    extra = 0
    can_delete = False
    fields = ["masked_iban", "bic", "holder", "valid_from", "valid_until"]
    readonly_fields = fields
    verbose_name_plural = _("Bankverbindungen (Änderung nur über Änderungsanträge)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("IBAN"))
    def masked_iban(self, obj) -> str:
        return models.mask_iban(obj.iban)


class EmailBouncedFilter(admin.SimpleListFilter):
    title = _("E-Mail unzustellbar")
    parameter_name = "bounced"

    def lookups(self, request, model_admin):
        return [("yes", _("ja")), ("no", _("nein"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(email_bounced_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(email_bounced_at__isnull=True)
        return queryset


@admin.register(models.Party)
class PartyAdmin(MasterDataImportMixin, admin.ModelAdmin):
    resource_classes = [PartyResource]
    show_full_result_count = False  # no COUNT(*) over every row on each page
    list_display = ["name", "number", "kind", "email", "phone", "city", "has_login", "prefers_letters"]
    list_filter = ["kind", "language", "prefers_letters", EmailBouncedFilter]
    search_fields = ["number", "last_name", "first_name", "company_name", "email", "phone"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]
    inlines = [TenancyInline, OwnershipInline, BankAccountInline]
    fieldsets = [
        (None, {"fields": ["kind", "number", "salutation", "first_name", "last_name", "company_name"]}),
        (_("Kontakt"), {"fields": ["email", "phone", "language", "prefers_letters", "email_bounced_at"]}),
        (_("Postanschrift (falls nicht die Mieteinheit)"), {"fields": ["street", "postcode", "city"]}),
        (_("Portal"), {"fields": ["user", "created_at"]}),
    ]

    @admin.display(description=_("Name"), ordering="last_name")
    def name(self, obj) -> str:
        return obj.display_name

    @admin.display(description=_("Portalzugang"), boolean=True)
    def has_login(self, obj) -> bool:
        return obj.user_id is not None


@admin.register(models.Tenancy)
class TenancyAdmin(RoleAdmin):
    show_full_result_count = False  # no COUNT(*) over every row on each page
    list_display = ["party", "unit", "property_code", "start", "end", "contract_number"]
    search_fields = [
        "party__number",
        "party__last_name",
        "party__company_name",
        "unit__number",
        "unit__building__street",
        "unit__building__property__code",
        "contract_number",
    ]
    list_select_related = ["party", "unit__building__property"]
    autocomplete_fields = ["party", "unit"]

    @admin.display(description=_("Liegenschaft"), ordering="unit__building__property__code")
    def property_code(self, obj) -> str:
        return obj.unit.building.property.code


@admin.register(models.Ownership)
class OwnershipAdmin(RoleAdmin):
    list_display = ["party", "unit", "share", "start", "end"]
    search_fields = ["party__number", "party__last_name", "party__company_name", "unit__number"]
    list_select_related = ["party", "unit__building"]
    autocomplete_fields = ["party", "unit"]


@admin.register(models.BoardMembership)
class BoardMembershipAdmin(RoleAdmin):
    list_display = ["party", "property", "start", "end"]
    search_fields = ["party__last_name", "party__company_name", "property__code", "property__name"]
    list_select_related = ["party", "property"]
    autocomplete_fields = ["party", "property"]


@admin.register(models.CaretakerAssignment)
class CaretakerAssignmentAdmin(RoleAdmin):
    list_display = ["party", "property", "start", "end"]
    search_fields = ["party__last_name", "party__company_name", "property__code", "property__name"]
    list_select_related = ["party", "property"]
    autocomplete_fields = ["party", "property"]


# --- Contractors ----------------------------------------------------------------------------------------


@admin.register(models.Trade)
class TradeAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class ContractorContactInline(admin.TabularInline):
    model = models.ContractorContact
    extra = 0
    fields = ["name", "role", "email", "phone"]


@admin.register(models.Contractor)
class ContractorAdmin(admin.ModelAdmin):
    list_display = ["name", "trade_list", "email", "phone", "emergency_phone", "city", "active"]
    list_filter = ["active", "trades"]
    search_fields = ["name", "email", "city", "contacts__name"]
    filter_horizontal = ["trades"]
    inlines = [ContractorContactInline]
    fieldsets = [
        (None, {"fields": ["name", "trades", "active"]}),
        (_("Kontakt"), {"fields": ["email", "phone", "emergency_phone"]}),
        (_("Anschrift"), {"fields": ["street", "postcode", "city"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("trades")

    @admin.display(description=_("Gewerke"))
    def trade_list(self, obj) -> str:
        return ", ".join(t.name for t in obj.trades.all())


# --- Notice board and tenants' documents ----------------------------------------------------------------


class NoticeVisibleFilter(admin.SimpleListFilter):
    """Sichtbar / geplant / abgelaufen: what tenants see on the board today."""

    title = _("Sichtbarkeit")
    parameter_name = "visible"

    def lookups(self, request, model_admin):
        return [("current", _("jetzt sichtbar")), ("planned", _("geplant")), ("expired", _("abgelaufen"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "current":
            return queryset.current(now)
        if self.value() == "planned":
            return queryset.filter(published_at__gt=now)
        if self.value() == "expired":
            return queryset.filter(expires_at__lte=now)
        return queryset


@admin.register(models.NoticePost)
class NoticePostAdmin(admin.ModelAdmin):
    list_display = ["title", "property_label", "published_at", "expires_at", "is_visible", "created_by"]
    list_filter = [NoticeVisibleFilter, ("property", admin.EmptyFieldListFilter), "published_at"]
    search_fields = ["title", "body", "property__name"]
    list_select_related = ["property", "created_by"]
    autocomplete_fields = ["property"]
    readonly_fields = ["created_by"]
    date_hierarchy = "published_at"
    fields = ["property", "title", "body", "published_at", "expires_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("Liegenschaft"), ordering="property__name")
    def property_label(self, obj) -> str:
        return obj.property.name if obj.property else _("alle Liegenschaften")

    @admin.display(description=_("jetzt sichtbar"), boolean=True)
    def is_visible(self, obj) -> bool:
        now = timezone.now()
        return obj.published_at <= now and (obj.expires_at is None or obj.expires_at > now)


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    show_full_result_count = False  # one row per tenant and year grows large
    list_display = ["title", "party", "kind", "year", "created_at"]
    list_filter = ["kind", "year", "created_at"]
    search_fields = ["title", "party__number", "party__last_name", "party__first_name", "party__email"]
    list_select_related = ["party"]
    autocomplete_fields = ["party"]
    date_hierarchy = "created_at"
    fields = ["party", "kind", "year", "title", "file", "created_at"]

    def save_model(self, request, obj, form, change):
        # The download is served with this type; the uploaded file's name says what it is.
        guessed, _encoding = mimetypes.guess_type(obj.file.name)
        obj.content_type = guessed or "application/octet-stream"
        super().save_model(request, obj, form, change)


@admin.register(models.IbanAccess)
class IbanAccessAdmin(admin.ModelAdmin):
    """Read only: the log of who saw a full IBAN is evidence, nobody edits it."""

    list_display = ["accessed_at", "user", "party", "change_request", "purpose"]
    list_select_related = ["user", "party", "change_request"]
    list_filter = ["accessed_at"]
    search_fields = ["party__last_name", "party__number", "user__username", "user__last_name"]
    date_hierarchy = "accessed_at"
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
