from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Auswertungen")

    def ready(self) -> None:
        from tickets.signals import event_recorded

        from . import facts

        # The summary table follows the timeline in the same transaction; see reports/facts.py.
        event_recorded.connect(facts.on_event_recorded, dispatch_uid="reports.facts")
