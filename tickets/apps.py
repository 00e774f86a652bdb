from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Meldungen")

    def ready(self) -> None:
        from . import url_converters  # noqa: F401  registers <ref:...> before any URLconf is read
