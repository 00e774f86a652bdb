from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = _("Sachbearbeitung")

    def ready(self) -> None:
        from . import choices, ticket_lists

        choices.connect()
        ticket_lists.connect()
