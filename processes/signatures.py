"""Einfache elektronische Signatur (eIDAS "simple electronic signature"): the one door to sign a
document and to check a signature against a document. What is kept: who (party or staff user, with the
name as signed), in which role, when, from which address and browser, what (a label and the SHA-256 of
exactly the bytes agreed to), and optionally the signature drawn on the screen as a PNG.

    sign(document_bytes, *, document_label, signer_name, role="", party=None, user=None,
         process=None, step=None, ip_address=None, user_agent="", image_png=None) -> Signature
    verify(signature, document_bytes) -> bool    # False for a document changed since signing
    document_hash(document_bytes) -> str
    check_png(image_png)                         # raises SignatureImageInvalid unless something was drawn
    png_from_data_url(data_url) -> bytes         # what a signature field posts, or b"" for anything else

Every drawn signature (inspection protocol, Mietvertrag, ...) is checked here before it is signed with.
"""

import base64
import binascii
import hashlib
import hmac
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from .errors import ProcessError
from .models import Process, ProcessStep, Signature

SIGNATURE_MAX_BYTES = 400_000
SIGNATURE_MAX_WIDTH = 2000
SIGNATURE_MAX_HEIGHT = 1000


class SignatureImageInvalid(ProcessError):
    default_message = gettext_lazy("Bitte unterschreiben Sie im Feld.")


def check_png(image_png: bytes) -> None:
    """A drawn signature is a PNG of at most 400 kB and 2000 × 1000 pixels with something drawn on it (more
    than one colour); anything else is refused with SignatureImageInvalid."""
    if not image_png or len(image_png) > SIGNATURE_MAX_BYTES:
        raise SignatureImageInvalid()
    try:
        with Image.open(io.BytesIO(image_png)) as image:
            if (
                image.format != "PNG"
                or image.width > SIGNATURE_MAX_WIDTH
                or image.height > SIGNATURE_MAX_HEIGHT
            ):
                raise SignatureImageInvalid()
            extrema = image.convert("L").getextrema()
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise SignatureImageInvalid() from error
    if extrema[0] == extrema[1]:  # one colour only: nothing was drawn
        raise SignatureImageInvalid()


def document_hash(document: bytes) -> str:
    return hashlib.sha256(document).hexdigest()


@transaction.atomic
def sign(
    document: bytes,
    *,
    document_label: str,
    signer_name: str,
    role: str = "",
    party=None,
    user=None,
    process: Process | None = None,
    step: ProcessStep | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
    image_png: bytes | None = None,
) -> Signature:
    if not document or not signer_name.strip() or (party is None and user is None):
        raise ProcessError()
    if step is not None and process is None:
        process = step.process
    signature = Signature(
        process=process,
        step=step,
        party=party,
        user=user if user is not None and user.pk else None,
        role=role,
        signer_name=signer_name.strip()[:200],
        signed_at=timezone.now(),
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:300],
        document_label=document_label[:200],
        document_hash=document_hash(document),
    )
    if image_png:
        signature.image.save("signature.png", ContentFile(image_png), save=False)
    signature.save()
    return signature


def verify(signature: Signature, document: bytes) -> bool:
    """Whether `document` is exactly what was signed."""
    return hmac.compare_digest(signature.document_hash, document_hash(document))


def png_from_data_url(data_url: str) -> bytes:
    """The PNG a signature field posts (`data:image/png;base64,...`), or b"" for anything else (which
    check_png then refuses)."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        return b""
    try:
        return base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        return b""
