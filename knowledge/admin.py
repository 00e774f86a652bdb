"""The admin edits articles and legal texts; HTML is sanitised as it is saved, so the admin shows what
readers will get, and once more when a page renders it."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleCategory, ArticleHelped, LegalText
from .sanitize import clean_html
from .search import refresh_search_vectors

HTML_FIELDS = ("body_de", "body_en", "body_nl")


class SanitisedHtmlForm(forms.ModelForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        for name in HTML_FIELDS:
            if cleaned.get(name):
                cleaned[name] = clean_html(cleaned[name])
        return cleaned


@admin.register(ArticleCategory)
class ArticleCategoryAdmin(admin.ModelAdmin):
    list_display = ("name_de", "slug", "position")
    prepopulated_fields = {"slug": ("name_de",)}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = SanitisedHtmlForm
    list_display = ("title_de", "audience", "category", "published_at", "archived_at", "helped_count")
    list_filter = ("audience", "category")
    search_fields = ("title_de", "title_en", "title_nl", "body_de")
    prepopulated_fields = {"slug": ("title_de",)}
    autocomplete_fields = ("items",)
    fieldsets = (
        (None, {"fields": ("audience", "category", "slug", "position", "items")}),
        (_("Veröffentlichung"), {"fields": ("published_at", "archived_at")}),
        (_("Deutsch"), {"fields": ("title_de", "summary_de", "body_de")}),
        (_("Englisch"), {"fields": ("title_en", "summary_en", "body_en"), "classes": ("collapse",)}),
        (_("Niederländisch"), {"fields": ("title_nl", "summary_nl", "body_nl"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category").annotate(helped_total=Count("helped"))

    @admin.display(description=_("hat geholfen"), ordering="helped_total")
    def helped_count(self, article: Article) -> int:
        return article.helped_total

    def save_related(self, request, form, formsets, change) -> None:
        # The search column includes the linked items' names, which exist only after the m2m is saved.
        super().save_related(request, form, formsets, change)
        refresh_search_vectors([form.instance.pk])


@admin.register(ArticleHelped)
class ArticleHelpedAdmin(admin.ModelAdmin):
    list_display = ("article", "item", "at")
    list_filter = ("article",)
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LegalText)
class LegalTextAdmin(admin.ModelAdmin):
    form = SanitisedHtmlForm
    list_display = ("kind", "updated_at")
