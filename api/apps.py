from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Schnittstelle")

    def ready(self) -> None:
        # Webhook deliveries are written inside the transaction that records the fact (api.webhooks).
        from tickets.signals import change_request_decided, event_recorded

        from . import webhooks

        event_recorded.connect(webhooks.on_event_recorded, dispatch_uid="api.webhooks")
        change_request_decided.connect(webhooks.on_change_request_decided, dispatch_uid="api.webhooks")
        # Money: a payment request paid or cancelled, a payment method decided (api.payment_webhooks).
        from payments.signals import payment_method_decided
        from processes.signals import process_ended

        from . import payment_webhooks

        process_ended.connect(payment_webhooks.on_process_ended, dispatch_uid="api.payment_webhooks")
        payment_method_decided.connect(
            payment_webhooks.on_payment_method_decided, dispatch_uid="api.payment_webhooks"
        )
        # Zusatzvereinbarungen: every change of an agreement (api.subscription_webhooks).
        from subscriptions.signals import subscription_changed

        from . import subscription_webhooks

        subscription_changed.connect(
            subscription_webhooks.on_subscription_changed, dispatch_uid="api.subscription_webhooks"
        )
        # Ratenzahlungen: decided, an instalment paid, waived or late, ended (api.plan_webhooks).
        from payments.signals import payment_plan_decided, payment_plan_ended

        from . import plan_webhooks

        payment_plan_decided.connect(plan_webhooks.on_plan_decided, dispatch_uid="api.plan_webhooks")
        payment_plan_ended.connect(plan_webhooks.on_plan_ended, dispatch_uid="api.plan_webhooks")
        event_recorded.connect(plan_webhooks.on_event_recorded, dispatch_uid="api.plan_webhooks")
