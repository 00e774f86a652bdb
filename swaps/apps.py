from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwapsConfig(AppConfig):
    name = "swaps"
    verbose_name = _("Wohnungstausch")
