from django.contrib import admin

from . import models


@admin.register(models.Property)
class PropertyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "street", "postcode", "city", "state"]
    search_fields = ["code", "name", "street", "city"]


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["number", "building", "kind", "floor"]
    search_fields = ["number", "building__street"]


@admin.register(models.Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["display_name", "email", "phone"]
    search_fields = ["last_name", "first_name", "company_name", "email"]


@admin.register(models.Contractor)
class ContractorAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "active"]
    search_fields = ["name", "email"]


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "lead", "is_fallback"]
    search_fields = ["name"]
