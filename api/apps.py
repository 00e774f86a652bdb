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
