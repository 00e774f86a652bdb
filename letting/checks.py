"""`manage.py check --deploy`: production without the company's seal certificate cannot conclude a
letting (the signed agreement is refused at the countersignature)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def seal_certificate(app_configs, **kwargs):
    path = getattr(settings, "LEASE_SEAL_CERT", "")
    if not path:
        return [
            Warning(
                "LEASE_SEAL_CERT is not set: signed tenancy agreements (Vermietung) cannot be sealed.",
                hint="Set LEASE_SEAL_CERT to the company's PKCS#12 seal certificate and LEASE_SEAL_PASSWORD.",
                id="letting.W001",
            )
        ]
    if not Path(path).is_file():
        return [
            Warning(
                f"LEASE_SEAL_CERT points to {path}, which is not a readable file.",
                hint="Mount the PKCS#12 seal certificate there, or correct LEASE_SEAL_CERT.",
                id="letting.W002",
            )
        ]
    return []
