"""Wohnungstausch (issue: money and contract processes), built on the process engine (processes.engine)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwapsConfig(AppConfig):
    name = "swaps"
    verbose_name = _("Wohnungstausch")

    def ready(self) -> None:
        from processes.models import Role, role_words

        from . import steps

        steps.connect()
        # The partner holds the co-tenant role of the swap's process, but is no co-tenant of the applicant.
        role_words(
            "wohnungstausch",
            Role.CO_TENANT,
            female=_("Tauschpartnerin"),
            male=_("Tauschpartner"),
            neutral=_("Tauschpartei"),
        )
