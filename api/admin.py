"""Integrations in the admin: created with their token shown once, rotated by an action (the old token
fails at once), their webhooks (the secret shown once), every call they made and every webhook delivery
with its attempts, read-only but for a replay."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .deliveries import webhook_replay
from .models import Integration, IntegrationCall, Scope, WebhookAttempt, WebhookDelivery, WebhookSubscription


class IntegrationForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Rechte"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Integration
        fields = ["name", "kind", "contractor", "scopes", "allowed_ips", "rate_limit_per_minute", "active"]


def _show_token(request, integration: Integration, token: str) -> None:
    messages.warning(
        request,
        _("Token für „%(name)s“ (wird nur jetzt angezeigt, bitte sicher übergeben): %(token)s")
        % {"name": integration.name, "token": token},
    )


class WebhookSubscriptionInline(admin.TabularInline):
    model = WebhookSubscription
    extra = 0
    fields = ["kind", "url", "active", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    form = IntegrationForm
    inlines = [WebhookSubscriptionInline]
    list_display = ["name", "kind", "contractor", "scope_list", "active", "token_prefix", "token_issued_at"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "contractor__name"]
    autocomplete_fields = ["contractor"]
    readonly_fields = ["token_prefix", "token_issued_at", "created_at"]
    actions = ["rotate_token"]

    @admin.display(description=_("Rechte"))
    def scope_list(self, obj: Integration) -> str:
        return ", ".join(obj.scopes or [])

    def save_model(self, request, obj, form, change):
        token = None if obj.token_hash else obj.issue_token()
        super().save_model(request, obj, form, change)
        if token:
            _show_token(request, obj, token)

    def save_formset(self, request, form, formset, change):
        created = [f.instance for f in formset.forms if f.instance.pk is None and f.has_changed()]
        super().save_formset(request, form, formset, change)
        for subscription in created:
            if isinstance(subscription, WebhookSubscription) and subscription.pk:
                messages.warning(
                    request,
                    _("Signatur-Schlüssel für den Webhook „%(hook)s“ (wird nur jetzt angezeigt): %(secret)s")
                    % {"hook": subscription, "secret": subscription.secret},
                )

    @admin.action(description=_("Neues Token ausstellen (das alte gilt sofort nicht mehr)"))
    def rotate_token(self, request, queryset):
        for integration in queryset:
            token = integration.issue_token()
            integration.save(update_fields=["token_prefix", "token_hash", "token_issued_at"])
            _show_token(request, integration, token)
        self.message_user(
            request,
            ngettext("%(n)d Token erneuert.", "%(n)d Tokens erneuert.", queryset.count())
            % {"n": queryset.count()},
        )


@admin.register(IntegrationCall)
class IntegrationCallAdmin(admin.ModelAdmin):
    show_full_result_count = False  # the log grows by every call
    list_display = ["at", "integration", "method", "path", "status", "duration_ms", "replayed", "ip"]
    list_filter = ["integration", "status", "method"]
    list_select_related = ["integration"]
    date_hierarchy = "at"
    search_fields = ["path"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    fields = ["at", "status_code", "error", "duration_ms"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    show_full_result_count = False
    list_display = [
        "id",
        "created_at",
        "subscription",
        "kind",
        "ticket_reference",
        "state",
        "attempts",
        "next_attempt_at",
    ]
    list_filter = ["state", "kind", "subscription__integration"]
    list_select_related = ["subscription__integration"]
    search_fields = ["=id", "ticket_reference"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "subscription",
        "kind",
        "ticket_reference",
        "state",
        "attempts",
        "next_attempt_at",
        "give_up_at",
        "delivered_at",
        "last_error",
        "created_at",
        "body",
    ]
    exclude = ["claimed_at"]
    inlines = [WebhookAttemptInline]
    actions = ["replay"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Erneut senden"), permissions=["change"])
    def replay(self, request, queryset):
        count = webhook_replay(delivery_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(n)d Zustellung wird erneut gesendet.", "%(n)d Zustellungen werden erneut gesendet.", count
            )
            % {"n": count},
        )
