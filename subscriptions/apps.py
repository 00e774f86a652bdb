from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("Zusatzleistungen")

    def ready(self) -> None:
        from . import steps

        steps.connect()
