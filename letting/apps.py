from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettingConfig(AppConfig):
    name = "letting"
    verbose_name = _("Vermietung")
