"""Wohnungstausch (issue: money and contract processes), built on the process engine (processes.engine)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwapsConfig(AppConfig):
    name = "swaps"
    verbose_name = _("Wohnungstausch")

    def ready(self) -> None:
        from . import steps

        steps.connect()
