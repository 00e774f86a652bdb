"""Process mails about money (payments): the payment request with its transfer details and a link to the
portal page with the QR code, its reminders (after the last one the case worker is told), and the
decision on a change of payment method; the payment arrangements (Ratenzahlung) in .plans, connected
from here. Written in the reader's language; a tenant who prefers post gets the same as a letter."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from estate.money import euro
from estate.salutations import salutation_for
from payments import epc, reminders
from payments.models import PaymentMethodChange, PaymentRequest
from payments.signals import payment_method_decided, payment_reminder_due
from processes.models import Process, ProcessParty, ProcessStep, Role
from processes.signals import process_ended, step_started
from tickets.models import TicketEvent

from ..letters.outbox import spec_letter
from ..letters.render import LetterSpec
from ..letters.specs import postal_address
from ..recipients import absolute, for_party, for_staff, tell
from ..services import letter_enqueue


def _day(value) -> str:
    day = parse_date(value) if isinstance(value, str) else value
    return date_format(day, "DATE_FORMAT") if isinstance(day, dt.date) else ""


def _tenants(process: Process) -> list:
    rows = ProcessParty.objects.filter(process=process, role=Role.TENANT, party__isnull=False)
    return [row.party for row in rows.select_related("party")]


def _pay_link(process: Process) -> dict:
    return {
        "link": absolute(reverse("portal:payment", args=[process.ticket.reference])),
        "link_label": lambda: _("Zahlung mit QR-Code im Mieterportal ansehen"),
    }


def _transfer_lines(*, amount, purpose: str, reference: str) -> list[str]:
    creditor = settings.PAYMENTS
    return [
        _("Empfänger: %(name)s") % {"name": creditor["creditor_name"]},
        _("IBAN: %(iban)s") % {"iban": epc.grouped_iban(creditor["iban"])},
        _("Betrag: %(amount)s") % {"amount": euro(amount)},
        _("Verwendungszweck: %(text)s") % {"text": f"{reference} {purpose}"},
    ]


def on_step_started(sender, *, process: Process, step: ProcessStep, **kwargs) -> None:
    """A new payment request: the tenant gets the amount, purpose, due date and the transfer details."""
    if process.template.code != "zahlungsaufforderung" or step.template.code != "payment":
        return
    data = process.data or {}
    reference = process.ticket.reference

    def compose() -> tuple[str, list[str]]:
        return _("Zahlungsaufforderung über %(amount)s") % {"amount": euro(data["amount"])}, [
            _("wir bitten Sie, den folgenden Betrag bis zum %(date)s zu überweisen: %(purpose)s.")
            % {"date": _day(data.get("due_date")), "purpose": data.get("purpose", "")},
            *_transfer_lines(amount=data["amount"], purpose=data.get("purpose", ""), reference=reference),
            _("Im Mieterportal finden Sie einen QR-Code, den Ihre Banking-App scannen kann."),
        ]

    for party in _tenants(process):
        if party.wants_letters:
            _request_letter(process, party)
            continue
        tell(
            for_party(party),
            kind="payment_request",
            key=str(process.pk),
            ticket=process.ticket,
            compose=compose,
            **_pay_link(process),
        )


def _request_letter(process: Process, party) -> None:
    """By post: the request as a DIN 5008 letter with the GiroCode beside the transfer details, so a
    tenant without e-mail scans it as well as one reading the portal."""
    payment_data = process.data or {}
    reference = process.ticket.reference
    creditor = settings.PAYMENTS
    remittance = f"{reference} {payment_data.get('purpose', '')}"
    code = epc.payload(
        name=creditor["creditor_name"],
        iban=creditor["iban"],
        bic=creditor["bic"],
        amount=payment_data["amount"],
        remittance=remittance,
    )
    assignee = process.ticket.assignee
    with translation.override(party.language):
        spec = LetterSpec(
            template="letters/payment_request.html",
            recipient=postal_address(party, unit=process.ticket.unit),
            language=party.language,
            context={
                "salutation": salutation_for(party),
                "reference": reference,
                "amount": euro(payment_data["amount"]),
                "purpose": payment_data.get("purpose", ""),
                "due": _day(payment_data.get("due_date")),
                "creditor_name": creditor["creditor_name"],
                "iban": epc.grouped_iban(creditor["iban"]),
                "bic": creditor["bic"],
                "remittance": code.rsplit("\n", 1)[1],
                "qr_svg": epc.qr_svg(code),
                **({"contact_name": assignee.get_full_name()} if assignee else {}),
            },
        )
        subject = _("Zahlungsaufforderung über %(amount)s") % {"amount": euro(payment_data["amount"])}
    letter_enqueue(
        idempotency_key=f"payment_request:{process.pk}:p{party.pk}",
        kind="payment_request",
        party=party,
        subject=subject,
        ticket=process.ticket,
        letter=spec_letter(spec),
    )


def on_reminder_due(sender, *, payment: PaymentRequest, number: int, **kwargs) -> None:
    process = payment.process

    def compose() -> tuple[str, list[str]]:
        return _("Zahlungserinnerung: %(amount)s") % {"amount": euro(payment.amount)}, [
            _(
                "nach unseren Unterlagen ist der Betrag von %(amount)s (%(purpose)s), fällig am %(date)s, "
                "noch nicht bei uns eingegangen."
            )
            % {"amount": euro(payment.amount), "purpose": payment.purpose, "date": _day(payment.due_date)},
            *_transfer_lines(amount=payment.amount, purpose=payment.purpose, reference=payment.reference),
            _("Haben Sie bereits gezahlt, betrachten Sie diese Erinnerung bitte als gegenstandslos."),
        ]

    tell(
        for_party(payment.party),
        kind="payment_reminder",
        key=f"{payment.pk}:{number}",
        ticket=process.ticket,
        compose=compose,
        **_pay_link(process),
    )
    if number >= len(reminders.SCHEDULE):
        _tell_case_worker_unpaid(payment)


def _requester(ticket):
    """The colleague who sent the request (the ticket's first event by staff), for a ticket nobody holds."""
    event = (
        TicketEvent.objects.filter(ticket=ticket, actor__is_staff=True)
        .select_related("actor")
        .order_by("created_at", "pk")
        .first()
    )
    return event.actor if event else None


def _tell_case_worker_unpaid(payment: PaymentRequest) -> None:
    """The last reminder went out and no more follow: the case worker (else the team's lead, else the
    colleague who sent the request) hears it once, to call the tenant, mark the payment or cancel it."""
    ticket = payment.process.ticket
    staff = ticket.assignee or (ticket.team.lead if ticket.team_id else None) or _requester(ticket)
    name = payment.party.display_name

    def compose() -> tuple[str, list[str]]:
        return _("Zahlung nicht eingegangen: %(name)s, %(amount)s") % {
            "name": name,
            "amount": euro(payment.amount),
        }, [
            _(
                "Die Zahlungsaufforderung %(reference)s über %(amount)s (%(purpose)s), fällig am %(date)s, "
                "ist nach %(count)s Erinnerungen noch nicht bezahlt. Weitere Erinnerungen folgen nicht."
            )
            % {
                "reference": payment.reference,
                "amount": euro(payment.amount),
                "purpose": payment.purpose,
                "date": _day(payment.due_date),
                "count": payment.reminders_sent,
            },
            _(
                "Bitte nehmen Sie Kontakt mit %(name)s auf, vermerken Sie den Zahlungseingang "
                "oder stornieren Sie die Zahlungsaufforderung."
            )
            % {"name": name},
        ]

    tell(
        for_staff(staff),
        kind="payment_unpaid_staff",
        key=str(payment.pk),
        ticket=ticket,
        compose=compose,
        link=absolute(reverse("backoffice:payment", args=[payment.reference])),
        link_label=lambda: _("Zahlungsaufforderung öffnen"),
    )


def on_request_ended(sender, *, process: Process, **kwargs) -> None:
    """The request is settled: the tenant hears that the money came in, or that it was cancelled and
    why (staff started it, so the ticket's generic status mails stay silent, notifications.rules)."""
    if process.template.code != "zahlungsaufforderung":
        return
    payment = PaymentRequest.objects.filter(process=process).select_related("party").first()
    if payment is None or payment.state == PaymentRequest.State.OPEN:
        return
    reason = process.ticket.status_reason

    def compose() -> tuple[str, list[str]]:
        if payment.state == PaymentRequest.State.PAID:
            return _("Zahlung eingegangen: %(amount)s") % {"amount": euro(payment.amount)}, [
                _(
                    "vielen Dank, Ihre Zahlung von %(amount)s (%(purpose)s) ist am %(date)s "
                    "bei uns eingegangen."
                )
                % {
                    "amount": euro(payment.paid_amount or payment.amount),
                    "purpose": payment.purpose,
                    "date": _day(timezone.localdate(payment.paid_at) if payment.paid_at else None),
                },
            ]
        lines = [
            _(
                "die Zahlungsaufforderung über %(amount)s (%(purpose)s) ist storniert. "
                "Sie müssen nichts bezahlen."
            )
            % {"amount": euro(payment.amount), "purpose": payment.purpose}
        ]
        if reason:
            lines.append(_("Begründung: %(reason)s") % {"reason": reason})
        return _("Zahlungsaufforderung storniert: %(amount)s") % {"amount": euro(payment.amount)}, lines

    tell(
        for_party(payment.party),
        kind="payment_request_ended",
        key=str(payment.pk),
        ticket=process.ticket,
        compose=compose,
        **_pay_link(process),
    )


def on_method_decided(sender, *, change: PaymentMethodChange, **kwargs) -> None:
    """The tenant hears whether the new payment method applies, or why not."""

    def compose() -> tuple[str, list[str]]:
        method = change.get_method_display()
        if change.state == PaymentMethodChange.State.APPROVED:
            lines = [_("Ihre neue Zahlungsweise gilt ab sofort: %(method)s.") % {"method": method}]
            if change.mandate_id:
                lines.append(
                    _("Ihre Mandatsreferenz: %(reference)s. Gläubiger-ID: %(creditor)s.")
                    % {"reference": change.mandate.reference, "creditor": change.mandate.creditor_id}
                )
            return _("Ihre Zahlungsweise ist geändert"), lines
        return _("Ihre Zahlungsweise: Änderung nicht möglich"), [
            _("wir konnten Ihre Änderung der Zahlungsweise leider nicht übernehmen."),
            _("Begründung: %(reason)s") % {"reason": change.reason},
        ]

    tell(
        for_party(change.party),
        kind="payment_method_decided",
        key=str(change.pk),
        ticket=change.process.ticket,
        compose=compose,
        link=absolute(reverse("portal:payment_method")),
        link_label=lambda: _("Zahlungsweise im Mieterportal ansehen"),
    )


def connect() -> None:
    step_started.connect(on_step_started, dispatch_uid="money.payment_request")
    payment_reminder_due.connect(on_reminder_due, dispatch_uid="money.payment_reminder")
    payment_method_decided.connect(on_method_decided, dispatch_uid="money.payment_method")
    process_ended.connect(on_request_ended, dispatch_uid="money.payment_request_ended")
    from . import plans  # the payment arrangements' mails and letters (plans imports this module)

    plans.connect()
