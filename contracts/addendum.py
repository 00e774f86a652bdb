"""Nachtrag zum Mietvertrag: the addendum of an approved move in or move out. Its facts are plain data
(addendum_context), rendered to a DIN 5008 PDF by the letters (notifications.process_mail.contracts, which
hears contract_change_decided), then kept here: sealed with the company's certificate where one is set
(letting.services.seal_pdf), stored with the change and with the documents of every person of the contract,
before and after the change.

    addendum_context(change) -> dict          plain data for letters/contract_addendum.html
    addendum_recipients(change) -> [Party]    who keeps it (the tenants and the one coming or going)
    addendum_keep(change, pdf) -> bytes       stores (and seals) it; returns the bytes kept
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from estate.models import Document, Party
from letting.services import SealNotConfigured, seal_configured, seal_pdf
from processes.access import tenants_of
from processes.models import Role
from processes.notice_consent import agreed_text

from .consent import consent_records
from .models import ContractChange

log = logging.getLogger(__name__)

DOCUMENT_KIND = "vertragsnachtrag"


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def consented_text(process) -> str:
    """§ 1: the German text everyone agreed to, as it was when they read and signed it (kept with the
    process before the first consent, its hash in each signature), never rebuilt from today's wording;
    its first line is the title the addendum has already."""
    lines = agreed_text(process, "de").splitlines()
    return "\n".join(lines[1:])


def _signed_as(signature, role_labels: dict) -> str:
    """The consent table's "als": by the person's salutation, as the letters address them (Mieterin,
    Mitmieter); without one, the neutral word (Mietpartei)."""
    salutation = signature.party.salutation if signature.party_id else ""
    if signature.role == Role.TENANT and salutation in {"Frau", "Herr"}:
        return _("Mieterin") if salutation == "Frau" else _("Mieter")
    if signature.role == Role.CO_TENANT and salutation in {"Frau", "Herr"}:
        return _("Mitmieterin") if salutation == "Frau" else _("Mitmieter")
    if signature.role in (Role.TENANT, Role.CO_TENANT):
        return _("Mietpartei")
    return str(role_labels.get(signature.role, signature.role))


def addendum_context(change: ContractChange) -> dict:
    """What the addendum says, in the active language: the contract, the parties, the change and its
    date, and the consent of each (who, when, from where, the hash of the text they agreed to)."""
    process = change.process
    data = (process.data or {}).get("contract_change") or {}
    role_labels = dict(Role.choices)
    return {
        "reference": process.ticket.reference,
        "contract_number": change.tenancy.contract_number,
        "place": data.get("place", str(change.unit)),
        "change_label": change.get_kind_display(),
        "consented_text": consented_text(process),
        "effective_date": formats.date_format(change.effective_date, "SHORT_DATE_FORMAT")
        if change.effective_date
        else "",
        "tenants_before": data.get("tenants_before", []),
        "tenants_after": data.get("tenants_after", []),
        "consents": [
            {
                "name": signature.signer_name,
                "role": _signed_as(signature, role_labels),
                "at": _when(signature.signed_at),
                "ip": signature.ip_address or "",
                "hash": signature.document_hash[:16],
            }
            for signature in consent_records(process)
        ],
        "approved_by": change.decided_by.get_full_name() if change.decided_by_id else "",
        "approved_at": _when(change.decided_at),
    }


def addendum_recipients(change: ContractChange) -> list[Party]:
    """Everyone the addendum binds or releases: the tenants of the contract and the person coming or
    going, as the process names them."""
    return list({party.pk: party for party in tenants_of(change.process)}.values())


def _seal(pdf: bytes, *, reason: str) -> tuple[bytes, bool]:
    """The company's seal, where the installation has its certificate set; else the PDF as it is (the
    consents are still kept as signatures over their texts)."""
    if not seal_configured():
        return pdf, False
    try:
        return seal_pdf(pdf, reason=reason), True
    except SealNotConfigured:
        log.warning("The addendum %s stays unsealed: the seal certificate cannot be used", reason)
        return pdf, False


@transaction.atomic
def addendum_keep(change: ContractChange, pdf: bytes) -> bytes:
    """Store the addendum once (a second call keeps the first) with the change and with each person's
    documents; returns the bytes kept."""
    change = ContractChange.objects.select_for_update().get(pk=change.pk)
    if change.addendum:
        with change.addendum.open("rb") as kept:
            return kept.read()
    title = f"Nachtrag zum Mietvertrag {change.reference}"
    pdf, sealed = _seal(pdf, reason=title)
    change.addendum.save(f"nachtrag-{change.reference}.pdf", ContentFile(pdf), save=False)
    change.addendum_sealed = sealed
    change.save(update_fields=["addendum", "addendum_sealed"])
    Document.objects.bulk_create(
        Document(
            party=party,
            kind=DOCUMENT_KIND,
            title=title,
            year=timezone.localdate().year,
            file=change.addendum.name,
        )
        for party in addendum_recipients(change)
    )
    return pdf


@transaction.atomic
def confirmation_keep(change: ContractChange, pdf: bytes, *, title: str) -> Document:
    """The confirmation letter of an approved name or contact change, with the tenant's documents."""
    document = Document(
        party=change.requested_by, kind="vertragsaenderung", title=title, year=timezone.localdate().year
    )
    document.file.save(f"bestaetigung-{change.reference}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document
