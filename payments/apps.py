from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Zahlungen")

    def ready(self) -> None:
        from processes import own_forms

        from . import requests, steps

        steps.connect()
        # Paid: the day and amount come from the payment page or the ERP, never from a bare button.
        own_forms.declare(
            requests.TEMPLATE, requests.STEP, needs=("paid_at",), staff_page="backoffice:payment"
        )
