"""Process mails: see notifications/process_mail/__init__.py. End of tenancy (Kündigung):

- co_tenant_consent starts: each co-tenant gets the link to agree (processes.notice_consent);
- confirmation refused: the tenant hears why;
- confirmation_letter done: the Kündigungsbestätigung (DIN 5008) to every tenant of the contract, as
  an e-mail or, for those who want post, as the printed letter;
- settlement starts (the move-out day has come): the case worker is reminded;
- settlement_letter done: the letter on the settlement to the former tenant's forwarding address.
"""

import datetime as dt

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from estate.models import Party
from estate.salutations import salutation_for
from processes import notice
from processes.access import tenants_of
from processes.models import Process, ProcessParty, ProcessStep, Role
from processes.notice_consent import LINK_MAX_AGE, consent_token
from processes.signals import step_completed, step_started

from ..letters.outbox import spec_letter
from ..letters.render import LetterSpec
from ..letters.specs import postal_address
from ..models import OutboxMessage
from ..recipients import absolute, for_party, for_staff, tell
from ..services import letter_enqueue


def connect() -> None:
    """Connect this area's receivers to processes.signals (dispatch_uid per receiver)."""
    step_started.connect(on_step_started, sender=ProcessStep, dispatch_uid="process_mail.tenancy.started")
    step_completed.connect(
        on_step_completed, sender=ProcessStep, dispatch_uid="process_mail.tenancy.completed"
    )


def on_step_started(sender, *, process: Process, step: ProcessStep, **kwargs) -> None:
    if process.template.code != notice.TEMPLATE:
        return
    if step.template.code == "co_tenant_consent":
        _ask_co_tenants(process)
    elif step.template.code == "settlement":
        _remind_settlement(process, step)


def on_step_completed(sender, *, process: Process, step: ProcessStep, **kwargs) -> None:
    if process.template.code != notice.TEMPLATE:
        return
    code = step.template.code
    if code == "confirmation" and step.outcome == "refused":
        _tell_refused(process)
    elif code == "confirmation_letter":
        for party in tenants_of(process):
            send_letter(party, process, kind="notice_confirmation", spec=confirmation_letter(process, party))
    elif code == "settlement_letter":
        _settlement_letter(process)


def _day(value: str) -> str:
    """A date of the process data as the reader's language writes it."""
    return formats.date_format(dt.date.fromisoformat(value), "DATE_FORMAT") if value else ""


def _portal_link(process: Process) -> str:
    return absolute(reverse("portal:notice_status", args=[process.ticket.reference]))


# --- the co-tenants' links ----------------------------------------------------------------------------


def _ask_co_tenants(process: Process) -> None:
    tenant = process.ticket.reporter
    for row in ProcessParty.objects.filter(process=process, role=Role.CO_TENANT).select_related("party"):
        party = row.party
        link = absolute(reverse("portal:notice_consent", args=[consent_token(process, party)]))

        def compose(party=party) -> tuple[str, list[str]]:
            data = process.data or {}
            return _("Bitte stimmen Sie der Kündigung zu"), [
                _("%(name)s hat den Mietvertrag für Ihre gemeinsame Wohnung gekündigt: %(place)s.")
                % {"name": tenant.display_name if tenant else "", "place": data.get("place", "")},
                _("Gewünschtes Mietende: %(date)s. Grund: %(reason)s.")
                % {"date": _day(data.get("move_out_date", "")), "reason": notice.reason_label(data)},
                _(
                    "Eine Kündigung gilt nur, wenn alle Mieter des Vertrags zustimmen. Bitte lesen Sie die "
                    "Kündigung über den folgenden Link und stimmen Sie zu oder lehnen Sie ab. Der Link gilt "
                    "%(days)s Tage."
                )
                % {"days": LINK_MAX_AGE.days},
            ]

        tell(
            for_party(party),
            kind="notice_consent",
            key=f"{process.pk}",
            ticket=process.ticket,
            compose=compose,
            link=link,
            link_label=lambda: _("Kündigung lesen und zustimmen"),
        )


def _tell_refused(process: Process) -> None:
    reason = (process.data or {}).get("refusal_reason", "")
    for party in tenants_of(process):
        tell(
            for_party(party),
            kind="notice_refused",
            key=f"{process.pk}",
            ticket=process.ticket,
            compose=lambda: (
                _("Ihre Kündigung: Rückfrage"),
                [
                    _("wir können Ihre Kündigung so leider nicht bestätigen."),
                    _("Begründung: %(reason)s") % {"reason": reason},
                    _("Bitte rufen Sie uns an oder antworten Sie auf diese E-Mail."),
                ],
            ),
        )


# --- letters ------------------------------------------------------------------------------------------


def _facts(process: Process) -> list[list[str]]:
    data = process.data or {}
    rows = [
        [_("Wohnung"), data.get("place", "")],
        [_("Mieter"), ", ".join(data.get("all_tenants", []))],
        [_("Kündigung eingegangen am"), _day(data.get("received_on", ""))],
        [_("Mietende"), _day(data.get("move_out_date", ""))],
        [_("Grund"), notice.reason_label(data)],
    ]
    address = data.get("forwarding_address") or {}
    if address.get("street"):
        rows.append(
            [
                _("Neue Anschrift"),
                f"{address['street']}, {address.get('postcode', '')} {address.get('city', '')}",
            ]
        )
    return rows


def _contact(process: Process) -> dict:
    assignee = process.ticket.assignee
    return {"contact_name": assignee.get_full_name()} if assignee else {}


def confirmation_letter(process: Process, party: Party) -> LetterSpec:
    """Kündigungsbestätigung to one tenant of the contract (plain data, kept with the outbox row)."""
    data = process.data or {}
    with translation.override(party.language):
        context = {
            "salutation": salutation_for(party),
            "reference": process.ticket.reference,
            "received_on": _day(data.get("received_on", "")),
            "move_out": _day(data.get("move_out_date", "")),
            "earliest": _day(data.get("earliest_date", "")),
            "early_release": bool(data.get("early_release")),
            "early_release_refused": bool(data.get("early_release_refused")),
            "place": data.get("place", ""),
            "facts": _facts(process),
            "portal_link": _portal_link(process),
            **_contact(process),
        }
        return LetterSpec(
            template="letters/notice_confirmation.html",
            recipient=postal_address(party, unit=process.ticket.unit),
            context=context,
            language=party.language,
        )


def forwarding_recipient(process: Process, party: Party) -> tuple[str, ...]:
    """The former tenant's name over their forwarding address; their old one where none was given."""
    address = (process.data or {}).get("forwarding_address") or {}
    if address.get("street") and address.get("city"):
        name = postal_address(party, unit=process.ticket.unit)[0]
        return (name, address["street"], f"{address.get('postcode', '')} {address['city']}".strip())
    return postal_address(party, unit=process.ticket.unit)


def settlement_letter(process: Process, party: Party) -> LetterSpec:
    data = process.data or {}
    settlement = data.get("settlement") or {}
    with translation.override(party.language):
        deposit = settlement.get("deposit", "")
        context = {
            "salutation": salutation_for(party),
            "reference": process.ticket.reference,
            "move_out": _day(data.get("move_out_date", "")),
            "place": data.get("place", ""),
            "deposit": deposit,
            "deposit_label": str(notice.Deposit(deposit).label) if deposit in notice.Deposit.values else "",
            "amount": settlement.get("amount", ""),
            "note": settlement.get("note", ""),
            **_contact(process),
        }
        return LetterSpec(
            template="letters/notice_settlement.html",
            recipient=forwarding_recipient(process, party),
            context=context,
            language=party.language,
        )


def _subject(spec: LetterSpec) -> str:
    if spec.template.endswith("settlement.html"):
        return _("Schlussabrechnung Ihrer Wohnung")
    return _("Bestätigung Ihrer Kündigung")


def send_letter(party: Party, process: Process, *, kind: str, spec: LetterSpec, post: bool = False) -> None:
    """The letter to the outbox: printed for those who want post (or always, `post`), else as an
    e-mail with the same facts and the link to the portal, where the PDF is."""
    ticket = process.ticket
    key = f"{kind}:{process.pk}:p{party.pk}"
    recipient = for_party(party)
    if post or recipient.channel == OutboxMessage.Channel.LETTER or not party.email:
        with translation.override(party.language):
            subject = _subject(spec)
        letter_enqueue(
            idempotency_key=key,
            kind=kind,
            party=party,
            subject=subject,
            ticket=ticket,
            letter=spec_letter(spec),
        )
        if not post:
            return
    if not party.email:
        return

    def compose() -> tuple[str, list[str]]:
        facts = [f"{label}: {value}" for label, value in _facts(process)]
        if kind == "notice_confirmation":
            lead, *steps = _next_steps()
            return _subject(spec), [lead, *facts, *steps]
        return _subject(spec), _settlement_lines(spec.context)

    tell(
        recipient,
        kind=kind,
        key=f"{process.pk}:mail",
        ticket=ticket,
        compose=compose,
        link=_portal_link(process),
        link_label=lambda: _("Ihre Kündigung im Mieterportal"),
    )


def _next_steps() -> list[str]:
    return [
        _("wir bestätigen Ihre Kündigung. So geht es weiter:"),
        _(
            "Vorabnahme: Einige Wochen vor dem Auszug sehen wir uns die Wohnung gemeinsam an und besprechen, "
            "was bis zur Rückgabe zu tun ist. Den Termin wählen Sie im Mieterportal."
        ),
        _(
            "Wohnungsabnahme: Am Ende der Mietzeit übergeben Sie uns die Wohnung. Wir halten den Zustand und "
            "die Zählerstände in einem Protokoll fest, das beide Seiten unterschreiben."
        ),
        _(
            "Schlüssel: Bitte bringen Sie zur Wohnungsabnahme alle Schlüssel mit, auch nachgemachte "
            "(Wohnung, Haustür, Briefkasten, Keller)."
        ),
    ]


def _settlement_lines(context: dict) -> list[str]:
    lines = [_("Ihr Mietverhältnis ist beendet. Zur Schlussabrechnung teilen wir Ihnen mit:")]
    lines.append(str(context.get("deposit_label", "")))
    if context.get("amount"):
        lines.append(_("Betrag: %(amount)s €") % {"amount": context["amount"]})
    if context.get("note"):
        lines.append(context["note"])
    return lines


def _settlement_letter(process: Process) -> None:
    tenant = process.ticket.reporter
    if tenant is None or not (process.data or {}).get("settlement"):
        # Without a recorded decision (the step was ticked off on the general process page) there is
        # nothing to write; the notice's own page records the decision and sends the letter.
        return
    # The former tenant no longer lives at the flat: the letter goes to the forwarding address by post,
    # and by e-mail too where we have one.
    send_letter(tenant, process, kind="notice_settlement", spec=settlement_letter(process, tenant), post=True)


# --- the case worker's reminder -----------------------------------------------------------------------


def _remind_settlement(process: Process, step: ProcessStep) -> None:
    ticket = process.ticket
    data = process.data or {}
    link = absolute(reverse("backoffice:notice", args=[ticket.reference]))

    def compose() -> tuple[str, list[str]]:
        return _("Schlussabrechnung fällig: %(place)s") % {"place": data.get("place", "")}, [
            _("Das Mietverhältnis ist am %(date)s geendet. Bitte erstellen Sie die Schlussabrechnung.")
            % {"date": _day(data.get("move_out_date", ""))},
            data.get("tenant_name", ""),
            _("Frist: %(date)s")
            % {
                "date": formats.date_format(timezone.localtime(step.due_at), "DATE_FORMAT")
                if step.due_at
                else "–"
            },
        ]

    # Nobody assigned (yet): the team lead hears of it, so the settlement is not forgotten.
    staff = ticket.assignee or (ticket.team.lead if ticket.team_id else None)
    tell(
        for_staff(staff),
        kind="notice_settlement_due",
        key=f"{process.pk}:{step.pk}",
        ticket=ticket,
        compose=compose,
        link=link,
        link_label=lambda: _("Schlussabrechnung erfassen"),
    )
