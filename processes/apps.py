from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "processes"
    verbose_name = _("Vorgänge")

    def ready(self) -> None:
        from . import modification
        from .signals import step_completed

        # A decision without its reason or conditions is refused whichever page sends it.
        step_completed.connect(modification.on_step_completed, dispatch_uid="processes.modification")
