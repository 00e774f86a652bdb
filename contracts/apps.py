from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Vertragsänderungen")

    def ready(self) -> None:
        from . import steps

        steps.connect()
