from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Benutzer")

    def ready(self) -> None:
        # django-otp names its app and model in plain English, outside any catalog; the admin shows
        # them to staff beside our own, so they get names that are translated like ours.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        apps.get_app_config("otp_totp").verbose_name = _("Zwei-Faktor-Anmeldung")
        TOTPDevice._meta.verbose_name = _("TOTP-Gerät")
        TOTPDevice._meta.verbose_name_plural = _("TOTP-Geräte")
