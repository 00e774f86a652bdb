from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettingConfig(AppConfig):
    name = "letting"
    verbose_name = _("Vermietung")

    def ready(self) -> None:
        from . import checks, steps  # noqa: F401  (checks registers the seal certificate's deploy check)

        steps.connect()
