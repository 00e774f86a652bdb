"""The export's sections for the customer processes: payments (requests, SEPA mandates, payment method,
arrears, payment plans with their instalments), lettings with the signed contract, subscriptions with their
changes, contract changes with the consents the party gave and the proofs they uploaded, contact persons of
their tenancies, and home swaps. Read from the apps' own models; only what is the party's own: of a swap the
other side's income, household and previous home stay out (the partner entered them, not this party)."""

from django.db.models import Q

from certificates.models import Certificate
from contracts.models import ContactPerson, ContractChange
from estate.models import Party
from letting.models import Letting
from payments.models import Arrear, PaymentMethodChange, PaymentPlan, PaymentRequest, SepaMandate
from permits.models import Permit
from processes.models import Signature
from subscriptions.models import Subscription
from swaps.models import HomeSwap
from tickets.models import Attachment

from .export_data import ExportFile


def when(value) -> str | None:
    return value.isoformat() if value else None


def _money(value) -> str | None:
    return str(value) if value is not None else None


def _signature(signature: Signature | None) -> dict | None:
    """A signature the party gave, as its evidence says: who, when, from where, over which text."""
    if signature is None:
        return None
    return {
        "name": signature.signer_name,
        "signed_at": when(signature.signed_at),
        "document": signature.document_label,
        "sha256": signature.document_hash,
        "ip_address": signature.ip_address,
        "browser": signature.user_agent,
        "drawn": bool(signature.image),
    }


def _file(files: list[ExportFile], folder: str, stored) -> str | None:
    if not stored:
        return None
    path = f"{folder}/{stored.name.rsplit('/', 1)[-1]}"
    files.append(ExportFile(path, stored))
    return path


def _payments(party: Party, files: list[ExportFile]) -> dict:
    plans = PaymentPlan.objects.filter(party=party).prefetch_related("instalments").order_by("created_at")
    return {
        "payment_requests": [
            {
                "purpose": r.purpose,
                "amount": _money(r.amount),
                "due_date": when(r.due_date),
                "state": r.get_state_display(),
                "paid_at": when(r.paid_at),
                "paid_amount": _money(r.paid_amount),
                "reminders_sent": r.reminders_sent,
            }
            for r in PaymentRequest.objects.filter(party=party).order_by("created_at")
        ],
        "sepa_mandates": [
            {
                "reference": m.reference,
                "creditor": m.creditor_name,
                "holder": m.holder,
                "iban": m.iban,
                "bic": m.bic,
                "state": m.get_state_display(),
                "signed_at": when(m.signed_at),
                "ended_at": when(m.ended_at),
                "signature": _signature(m.signature),
                "file": _file(files, f"sepa_mandates/{m.pk}", m.document),
            }
            for m in SepaMandate.objects.filter(party=party).select_related("signature").order_by("pk")
        ],
        "payment_method_changes": [
            {
                "method": c.get_method_display(),
                "state": c.get_state_display(),
                "requested_at": when(c.created_at),
                "decided_at": when(c.decided_at),
                "reason": c.reason,
            }
            for c in PaymentMethodChange.objects.filter(party=party).order_by("created_at")
        ],
        "arrears": [
            {
                "amount": _money(a.amount),
                "as_of": when(a.as_of),
                "contract_number": a.tenancy.contract_number if a.tenancy_id else None,
            }
            for a in Arrear.objects.filter(party=party).select_related("tenancy").order_by("as_of", "pk")
        ],
        "payment_plans": [
            {
                "amount": _money(p.amount),
                "instalment_count": p.instalment_count,
                "first_due": when(p.first_due),
                "interval": p.get_interval_display(),
                "state": p.get_state_display(),
                "your_proposal": p.tenant_terms,
                "reason": p.reason,
                "decided_at": when(p.decided_at),
                "ended_at": when(p.ended_at),
                "instalments": [
                    {
                        "number": i.number,
                        "due_date": when(i.due_date),
                        "amount": _money(i.amount),
                        "state": i.get_state_display(),
                        "paid_on": when(i.paid_on),
                        "paid_amount": _money(i.paid_amount),
                        "waived_reason": i.waived_reason,
                    }
                    for i in sorted(p.instalments.all(), key=lambda i: i.number)
                ],
            }
            for p in plans
        ],
    }


def _lettings(party: Party, files: list[ExportFile]) -> list[dict]:
    lettings = (
        Letting.objects.filter(party=party)
        .select_related("unit__building", "tenant_signature", "process__ticket")
        .order_by("created_at")
    )
    return [
        {
            "reference": letting.reference,
            "contract_number": letting.contract_number,
            "unit": f"{letting.unit.building}, {letting.unit.number}",
            "start": when(letting.start),
            "rent_net": _money(letting.rent_net),
            "operating_costs": _money(letting.operating_costs),
            "deposit": _money(letting.deposit),
            "state": letting.get_state_display(),
            "offered_at": when(letting.created_at),
            "sealed_at": when(letting.sealed_at),
            "your_signature": _signature(letting.tenant_signature),
            # The sealed agreement once both have signed, else the text they were asked to sign.
            "contract": _file(files, f"lettings/{letting.contract_number}", letting.sealed_pdf)
            or _file(files, f"lettings/{letting.contract_number}", letting.contract_pdf),
        }
        for letting in lettings
    ]


def _subscriptions(party: Party) -> list[dict]:
    subscriptions = (
        Subscription.objects.filter(party=party).select_related("service").prefetch_related("changes")
    )
    return [
        {
            "service": s.service.name_de,
            "state": s.get_state_display(),
            "starts_on": when(s.starts_on),
            "ends_on": when(s.ends_on),
            "monthly_price": _money(s.monthly_price),
            "notice_received_on": when(s.notice_received_on),
            "requested_end": when(s.requested_end),
            "reason": s.reason,
            "booked_at": when(s.created_at),
            "changes": [
                {
                    "kind": c.get_kind_display(),
                    "effective_on": when(c.effective_on),
                    "note": c.note,
                    "at": when(c.at),
                }
                for c in sorted(s.changes.all(), key=lambda c: (c.at, c.pk))
            ],
        }
        for s in subscriptions.order_by("created_at", "pk")
    ]


def _certificates(party: Party) -> list[dict]:
    """Every certificate asked for or written, with what it certifies (the PDF is among the documents)."""
    rows = Certificate.objects.filter(party=party).select_related("document").order_by("requested_at", "pk")
    return [
        {
            "kind": c.get_kind_display(),
            "state": c.get_state_display(),
            "source": c.get_source_display(),
            "event": c.get_event_display() if c.event else "",
            "event_date": when(c.event_date),
            "persons": list(c.persons),
            "owner": c.owner,
            "rent_net": _money(c.rent_net),
            "operating_costs": _money(c.operating_costs),
            "heating_costs": _money(c.heating_costs),
            "area": str(c.area) if c.area is not None else None,
            "rooms": str(c.rooms) if c.rooms is not None else None,
            "household": c.household,
            "statement_as_of": when(c.statement_as_of),
            "reason": c.reason,
            "requested_at": when(c.requested_at),
            "decided_at": when(c.decided_at),
            "document": c.document.title if c.document else "",
        }
        for c in rows
    ]


def _permits(party: Party) -> list[dict]:
    """Every Erlaubnis given to the party (Untervermietung, Tierhaltung), with its conditions and end."""
    rows = Permit.objects.filter(party=party).select_related("process__ticket").order_by("granted_at", "pk")
    return [
        {
            "reference": p.process.ticket.reference,
            "kind": p.get_kind_display(),
            "subtenant_name": p.subtenant_name,
            "rooms": p.rooms,
            "with_household": p.with_household,
            "animal": p.get_animal_display(),
            "description": p.description,
            "count": p.count,
            "size": p.get_size_display(),
            "reason": p.reason,
            "valid_from": when(p.valid_from),
            "valid_until": when(p.valid_until),
            "conditions": p.conditions,
            "surcharge": _money(p.surcharge),
            "granted_at": when(p.granted_at),
            "revoked_at": when(p.revoked_at),
            "revoke_reason": p.revoke_reason,
        }
        for p in rows
    ]


def _contract_changes(party: Party, files: list[ExportFile]) -> list[dict]:
    changes = (
        ContractChange.objects.filter(Q(requested_by=party) | Q(person=party))
        .select_related("process__ticket", "tenancy", "requested_by", "person")
        .order_by("created_at", "pk")
    )
    rows = []
    for change in changes:
        process = change.process
        consents = Signature.objects.filter(process=process, party=party).order_by("signed_at", "pk")
        proofs = Attachment.objects.none()
        if party.user_id:
            proofs = Attachment.objects.filter(ticket=process.ticket, uploaded_by_id=party.user_id).exclude(
                file=""
            )
        folder = f"contract_changes/{process.ticket.reference}"
        rows.append(
            {
                "reference": process.ticket.reference,
                "kind": change.get_kind_display(),
                "your_role": "requested" if change.requested_by_id == party.pk else "person",
                "contract_number": change.tenancy.contract_number,
                "effective_date": when(change.effective_date),
                # The birth date belongs to the person coming or going: theirs to see.
                "birth_date": when(change.birth_date) if change.person_id == party.pk else None,
                "state": change.get_state_display(),
                "requested_at": when(change.created_at),
                "decided_at": when(change.decided_at),
                "reason": change.reason,
                "your_consents": [_signature(s) for s in consents],
                "proofs": [_file(files, folder, p.file) for p in proofs.order_by("pk")],
                "addendum": _file(files, folder, change.addendum),
            }
        )
    return rows


def _contact_persons(party: Party) -> list[dict]:
    persons = (
        ContactPerson.objects.filter(tenancy__party=party).select_related("tenancy").order_by("valid_from")
    )
    return [
        {
            "contract_number": c.tenancy.contract_number,
            "name": c.name,
            "postal_address": {"street": c.street, "postcode": c.postcode, "city": c.city},
            "email": c.email,
            "phone": c.phone,
            "scope": c.get_scope_display(),
            "basis": c.get_basis_display(),
            "valid_from": when(c.valid_from),
            "valid_until": when(c.valid_until),
        }
        for c in persons
    ]


def _swap(swap: HomeSwap, party: Party) -> dict:
    row = {
        "reference": swap.process.ticket.reference,
        "your_role": "applicant" if swap.applicant_id == party.pk else "partner",
        "state": swap.process.get_state_display(),
        "wished_date": when(swap.wished_date),
        "applied_at": when(swap.created_at),
        "confirmed_at": when(swap.confirmed_at),
        # The checks made about this party only (arrears, nuisance case, tenure, household fit).
        "your_checks": [
            {"check": c.get_code_display(), "passed": c.passed, "reason": c.reason, "at": when(c.checked_at)}
            for c in sorted(swap.checks.all(), key=lambda c: (c.checked_at, c.pk))
            if c.party_id == party.pk
        ],
    }
    if swap.applicant_id == party.pk:
        row.update(
            your_home=f"{swap.applicant_unit.building}, {swap.applicant_unit.number}",
            your_household=swap.applicant_household,
        )
    else:
        # What the partner entered themselves through their invitation.
        row.update(
            your_home=(
                f"{swap.partner_unit.building}, {swap.partner_unit.number}"
                if swap.partner_unit_id
                else swap.outside_address
            ),
            your_household=swap.partner_household,
            your_income=_money(swap.partner_income),
            your_landlord=swap.outside_landlord,
            your_rooms=_money(swap.outside_rooms),
            your_area=_money(swap.outside_area),
        )
    return row


def _swaps(party: Party) -> list[dict]:
    swaps = (
        HomeSwap.objects.filter(Q(applicant=party) | Q(partner=party))
        .select_related("process__ticket", "applicant_unit__building", "partner_unit__building")
        .prefetch_related("checks")
        .order_by("created_at", "pk")
    )
    return [_swap(swap, party) for swap in swaps]


def process_sections(party: Party) -> tuple[dict, list[ExportFile]]:
    """The customer processes' sections of `party`'s export, and their files."""
    files: list[ExportFile] = []
    data = {
        **_payments(party, files),
        "lettings": _lettings(party, files),
        "subscriptions": _subscriptions(party),
        "contract_changes": _contract_changes(party, files),
        "contact_persons": _contact_persons(party),
        "home_swaps": _swaps(party),
        "certificates": _certificates(party),
        "permits": _permits(party),
    }
    return data, files
