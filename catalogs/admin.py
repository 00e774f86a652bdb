from django.contrib import admin

from . import models


@admin.register(models.CatalogItem)
class CatalogItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name_de", "group", "default_priority", "active"]
    search_fields = ["code", "name_de", "staff_label"]
