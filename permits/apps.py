"""Erlaubnisse (Untervermietung, Tierhaltung), built on the process engine (processes.engine)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = _("Erlaubnisse")

    def ready(self) -> None:
        from processes.signals import step_completed

        from . import services

        step_completed.connect(services.on_step_completed, dispatch_uid="permits.step_completed")
