"""The company's seal on a signed tenancy agreement: a PAdES signature (pyHanko) with the certificate set
by configuration (LEASE_SEAL_CERT, a PKCS#12 file, and LEASE_SEAL_PASSWORD). Sealing makes any later change
to the PDF detectable: validate_seal recomputes the digest over the signed byte range and checks the
signer's certificate against the configured one.

    seal_configured() -> bool
    seal_pdf(pdf_bytes, *, reason) -> bytes         raises SealNotConfigured without a usable certificate
    validate_seal(pdf_bytes, *, trust_roots=None) -> SealStatus
    self_signed_seal_p12(*, common_name, password, organisation="") -> bytes    throwaway, demo and tests
"""

import asyncio
import datetime as dt
import functools
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tickets.errors import TicketError

logger = logging.getLogger(__name__)

FIELD_NAME = "Siegel"


class SealNotConfigured(TicketError):
    default_message = _(
        "Der Mietvertrag kann nicht versiegelt werden: Es ist kein Siegelzertifikat des Unternehmens "
        "eingerichtet (LEASE_SEAL_CERT und LEASE_SEAL_PASSWORD). Bitte wenden Sie sich an die Administration."
    )


@dataclass(frozen=True)
class SealStatus:
    """What a check of the seal found. `intact`: the signed bytes are unchanged; `trusted`: the signer's
    certificate is the company's (or chains to a given root); `covers_whole_file`: nothing was appended."""

    present: bool
    intact: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signer: str = ""
    signed_at: dt.datetime | None = None
    error: str = ""

    @property
    def valid(self) -> bool:
        return self.present and self.intact and self.trusted and self.covers_whole_file

    @property
    def changed(self) -> bool:
        """The signed bytes differ, or something was appended after the seal."""
        return self.present and not (self.intact and self.covers_whole_file)

    @property
    def label(self) -> str:
        if not self.present:
            return str(_("kein Siegel"))
        if self.changed:
            return str(_("verändert"))
        if not self.trusted:
            # Unchanged, but not sealed with the certificate configured now (an older or a foreign one).
            return str(_("unverändert, Zertifikat nicht anerkannt"))
        return str(_("Siegel gültig"))


def _paths() -> tuple[str, str]:
    return getattr(settings, "LEASE_SEAL_CERT", "") or "", getattr(settings, "LEASE_SEAL_PASSWORD", "") or ""


def seal_configured() -> bool:
    """A certificate is set, and it opens with its password: staff pages offer the countersignature
    only then (a wrong password or a damaged file reads as "no certificate", with the reason logged)."""
    try:
        _signer()
    except SealNotConfigured:
        return False
    return True


@functools.lru_cache(maxsize=4)
def _signer_for(path: str, password: str, mtime: float):
    """The signer, or None for a file that does not open (logged once per file version)."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            Path(path).read_bytes(), other_certs=(), passphrase=password.encode() or None
        )
    except (ValueError, TypeError, OSError) as error:
        logger.error("The seal certificate %s cannot be read: %s", path, error)
        return None
    if signer is None or signer.signing_cert is None:
        logger.error("The seal certificate %s holds no key and certificate", path)
        return None
    return signer


def _signer():
    path, password = _paths()
    try:
        mtime = Path(path).stat().st_mtime if path else None
    except OSError:
        mtime = None
    signer = _signer_for(path, password, mtime) if mtime is not None else None
    if signer is None:
        raise SealNotConfigured()
    return signer


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous calls run asyncio.run(), which refuses inside a running event loop (an async
    caller; Playwright's driver in the browser tests): there they run in a thread of their own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def seal_pdf(pdf_bytes: bytes, *, reason: str) -> bytes:
    """The PDF with the company's PAdES seal (an invisible signature field "Siegel") over all of it."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason[:200],
        location=settings.COMPANY.get("city", ""),
        name=settings.COMPANY.get("name", ""),
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = _outside_event_loop(signers.sign_pdf, writer, metadata, signer=signer)
    return out.getvalue()


def _company_root():
    """The configured seal certificate, trusted as the root of the company's own seals."""
    try:
        return _signer().signing_cert
    except SealNotConfigured:
        return None


def validate_seal(pdf_bytes: bytes, *, trust_roots=None) -> SealStatus:
    """Check the seal of `pdf_bytes`. Never raises for a damaged or changed file: that is a finding.
    `trust_roots` (asn1crypto certificates) default to the company's configured seal certificate."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        embedded = [sig for sig in reader.embedded_signatures if sig.field_name == FIELD_NAME]
    except Exception as error:  # noqa: BLE001 - an unreadable file is a broken seal, not a crash
        return SealStatus(present=True, error=str(error)[:300])
    if not embedded:
        return SealStatus(present=False)
    sig = embedded[-1]
    roots = list(trust_roots) if trust_roots is not None else [r for r in [_company_root()] if r]
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = _outside_event_loop(validate_pdf_signature, sig, context)
    except Exception as error:  # noqa: BLE001 - a digest that cannot be computed means changed bytes
        return SealStatus(present=True, error=str(error)[:300])
    signer = ""
    if status.signing_cert is not None:
        subject = status.signing_cert.subject.native
        signer = ", ".join(v for v in (subject.get("common_name"), subject.get("organization_name")) if v)
        signer = signer or status.signing_cert.subject.human_friendly
    return SealStatus(
        present=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
        signer=signer,
        signed_at=status.signer_reported_dt,
    )


def self_signed_seal_p12(
    *, common_name: str, password: str, organisation: str = "", days: int = 3650
) -> bytes:
    """A throwaway self-signed seal certificate as PKCS#12, for the demo and the tests; never production."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64])]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
    name = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(common_name.encode(), key, cert, None, encryption)
