"""`manage.py check --deploy`: production without a usable seal certificate cannot conclude a letting (the
signed agreement is refused at the countersignature)."""

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
    from cryptography.hazmat.primitives.serialization import pkcs12

    password = getattr(settings, "LEASE_SEAL_PASSWORD", "") or ""
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(
            Path(path).read_bytes(), password.encode() or None
        )
    except (ValueError, TypeError, OSError):
        key = cert = None
    if key is None or cert is None:
        return [
            Warning(
                f"LEASE_SEAL_CERT {path} cannot be opened with LEASE_SEAL_PASSWORD, "
                "or holds no key and certificate.",
                hint="Check the password, and that the file is PKCS#12 with the seal's key and certificate.",
                id="letting.W003",
            )
        ]
    return []
