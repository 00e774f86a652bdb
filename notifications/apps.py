from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Nachrichten")

    def ready(self) -> None:
        from tickets.signals import change_request_decided, event_recorded

        from . import process_mail, rules, webhooks  # noqa: F401  (webhooks connects the anymail signal receivers)

        # Notifications follow the ticket domain's facts; see notifications/rules.py.
        event_recorded.connect(rules.on_event_recorded, dispatch_uid="notifications.rules")
        change_request_decided.connect(rules.on_change_request_decided, dispatch_uid="notifications.rules")
        # Processes give their steps mails and letters; see notifications/process_mail/.
        process_mail.connect()
