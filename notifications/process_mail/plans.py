"""Process mails of payment arrangements (Ratenzahlung, payments.plans), in the tenant's language:

- agreed (approved, or the counter-proposal accepted): the DIN 5008 confirmation with the schedule table,
  kept with the tenant's documents, by post for those who want letters, else as an e-mail with the same
  schedule and the portal link;
- counter-proposed: the other terms and the link to accept or decline them;
- refused, counter-proposal declined, ended (paid off, uncollectible, broken): what happened and why;
- an instalment late: a reminder to the tenant; still late: the case worker (the team lead when nobody
  is assigned) is told, as for the other process reminders.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from estate.models import Document
from estate.money import amount_number
from estate.salutations import salutation_for
from payments import epc
from payments.models import Instalment, PaymentPlan
from payments.signals import instalment_escalated, instalment_late, payment_plan_decided, payment_plan_ended

from ..letters.outbox import spec_letter
from ..letters.render import LetterSpec, render_letter
from ..letters.specs import postal_address
from ..models import OutboxMessage
from ..recipients import absolute, for_party, for_staff, tell
from ..services import letter_enqueue
from .money import _day, euro


def _amount(value) -> str:
    return amount_number(value)  # the letter's table and text write the € sign after it


def interval_label(interval: str) -> str:
    return str(PaymentPlan.Interval(interval).label) if interval in PaymentPlan.Interval.values else interval


def _portal_link(plan: PaymentPlan) -> dict:
    return {
        "link": absolute(reverse("portal:payment_plan", args=[plan.reference])),
        "link_label": lambda: _("Ratenzahlung im Mieterportal ansehen"),
    }


# Up to this many instalments stand in one column; more are set in two side by side, so a schedule of a
# year fits on the letter's first page with the closing, and even 36 leave only the closing for page two.
ONE_COLUMN = 4


def schedule_columns(rows: list[dict]) -> list[list[dict]]:
    """The schedule's rows in one column, or two (the first the longer), read top to bottom."""
    if len(rows) <= ONE_COLUMN:
        return [rows]
    half = (len(rows) + 1) // 2
    return [rows[:half], rows[half:]]


def plan_letter(plan: PaymentPlan) -> LetterSpec:
    """The confirmation of an agreed plan with its schedule (plain data, kept with the outbox row)."""
    party = plan.party
    rows = plan.instalments.order_by("number")
    with translation.override(party.language):
        assignee = plan.process.ticket.assignee
        rows = [{"number": r.number, "due": _day(r.due_date), "amount": _amount(r.amount)} for r in rows]
        context = {
            "salutation": salutation_for(party),
            "reference": plan.reference,
            "amount": _amount(plan.amount),
            "count": plan.instalment_count,
            "interval": interval_label(plan.interval),
            "first_due": _day(plan.first_due),
            "rows": rows,
            "columns": schedule_columns(rows),
            "creditor_name": settings.PAYMENTS["creditor_name"],
            "iban": epc.grouped_iban(settings.PAYMENTS["iban"]),
            **({"contact_name": assignee.get_full_name()} if assignee else {}),
        }
        return LetterSpec(
            template="letters/payment_plan.html",
            recipient=postal_address(party, unit=plan.process.ticket.unit),
            context=context,
            language=party.language,
        )


def schedule_lines(plan: PaymentPlan) -> list[str]:
    return [
        _("Rate %(number)s: %(amount)s, fällig am %(date)s")
        % {"number": row.number, "amount": euro(row.amount), "date": _day(row.due_date)}
        for row in plan.instalments.order_by("number")
    ]


def _keep(plan: PaymentPlan, spec: LetterSpec) -> None:
    """The confirmation as it was agreed, kept with the tenant's documents (portal: Dokumente)."""
    with translation.override(plan.party.language):
        title = _("Ratenzahlungsvereinbarung %(reference)s") % {"reference": plan.reference}
    document = Document(
        party=plan.party, kind="ratenzahlung", title=title[:200], year=timezone.localdate().year
    )
    document.file.save(f"ratenzahlung-{plan.reference}.pdf", ContentFile(render_letter(spec)), save=False)
    document.save()


def _confirm(plan: PaymentPlan) -> None:
    party, ticket = plan.party, plan.process.ticket
    recipient = for_party(party)
    spec = plan_letter(plan)
    _keep(plan, spec)
    if recipient.channel == OutboxMessage.Channel.LETTER or not party.email:
        with translation.override(party.language):
            subject = _("Bestätigung Ihrer Ratenzahlungsvereinbarung")
        letter_enqueue(
            idempotency_key=f"payment_plan_agreed:{plan.pk}:p{party.pk}",
            kind="payment_plan_agreed",
            party=party,
            subject=subject,
            ticket=ticket,
            letter=spec_letter(spec),
        )
        return

    def compose() -> tuple[str, list[str]]:
        return _("Bestätigung Ihrer Ratenzahlungsvereinbarung"), [
            _(
                "wir bestätigen die mit Ihnen vereinbarte Ratenzahlung über %(amount)s in %(count)s Raten "
                "(%(interval)s)."
            )
            % {
                "amount": euro(plan.amount),
                "count": plan.instalment_count,
                "interval": interval_label(plan.interval),
            },
            *schedule_lines(plan),
            _(
                "Bitte überweisen Sie jede Rate an %(name)s, IBAN %(iban)s, mit dem Verwendungszweck "
                "„%(reference)s Rate“ und der Nummer der Rate."
            )
            % {
                "name": settings.PAYMENTS["creditor_name"],
                "iban": epc.grouped_iban(settings.PAYMENTS["iban"]),
                "reference": plan.reference,
            },
            _("Die Bestätigung als Brief (PDF) finden Sie im Mieterportal unter „Dokumente“."),
        ]

    tell(
        recipient,
        kind="payment_plan_agreed",
        key=str(plan.pk),
        ticket=ticket,
        compose=compose,
        **_portal_link(plan),
    )


def on_plan_decided(sender, *, plan: PaymentPlan, **kwargs) -> None:
    if plan.state == PaymentPlan.State.ACTIVE:
        _confirm(plan)
        return
    if plan.state == PaymentPlan.State.COUNTERED:

        def compose() -> tuple[str, list[str]]:
            lines = [
                _("zu Ihrem Wunsch nach einer Ratenzahlung machen wir Ihnen folgenden Vorschlag:"),
                _("Gesamtbetrag: %(amount)s") % {"amount": euro(plan.amount)},
                _("%(count)s Raten, %(interval)s, die erste am %(date)s")
                % {
                    "count": plan.instalment_count,
                    "interval": interval_label(plan.interval),
                    "date": _day(plan.first_due),
                },
            ]
            if plan.reason:
                lines.append(_("Hinweis: %(reason)s") % {"reason": plan.reason})
            lines.append(_("Bitte nehmen Sie den Vorschlag im Mieterportal an oder lehnen Sie ihn ab."))
            return _("Gegenvorschlag zu Ihrer Ratenzahlung"), lines

        kind = "payment_plan_counter"
    elif plan.state == PaymentPlan.State.REFUSED:

        def compose() -> tuple[str, list[str]]:
            return _("Ihre Ratenzahlung: Antrag abgelehnt"), [
                _("wir können Ihrem Wunsch nach einer Ratenzahlung leider nicht entsprechen."),
                _("Begründung: %(reason)s") % {"reason": plan.reason},
                _("Bitte sprechen Sie uns an, damit wir gemeinsam eine Lösung finden."),
            ]

        kind = "payment_plan_refused"
    elif plan.state == PaymentPlan.State.DECLINED:

        def compose() -> tuple[str, list[str]]:
            return _("Ihre Ratenzahlung: Gegenvorschlag abgelehnt"), [
                _(
                    "Sie haben unseren Gegenvorschlag zur Ratenzahlung abgelehnt. "
                    "Damit kommt keine Vereinbarung zustande."
                ),
                _(
                    "Der offene Betrag bleibt fällig. "
                    "Bitte sprechen Sie uns an, wenn Sie eine andere Lösung suchen."
                ),
            ]

        kind = "payment_plan_declined"
    else:
        return
    tell(
        for_party(plan.party),
        kind=kind,
        key=f"{plan.pk}",
        ticket=plan.process.ticket,
        compose=compose,
        **_portal_link(plan),
    )


def on_plan_ended(sender, *, plan: PaymentPlan, **kwargs) -> None:
    def compose() -> tuple[str, list[str]]:
        if plan.end_reason == PaymentPlan.EndReason.PAID_OFF:
            return _("Ihre Ratenzahlung ist vollständig bezahlt"), [
                _("vielen Dank: Sie haben alle Raten Ihrer Ratenzahlung über %(amount)s beglichen.")
                % {"amount": euro(plan.amount)},
                _("Die Vereinbarung ist damit erfüllt."),
            ]
        if plan.end_reason == PaymentPlan.EndReason.UNCOLLECTIBLE:
            return _("Ihre Ratenzahlung ist beendet"), [
                _(
                    "wir haben Ihre Ratenzahlung beendet. "
                    "Die noch offenen Raten fordern wir nicht weiter ein."
                ),
                _("Begründung: %(reason)s") % {"reason": plan.reason},
            ]
        return _("Ihre Ratenzahlung ist beendet"), [
            _("da die vereinbarten Raten nicht gezahlt wurden, haben wir Ihre Ratenzahlung beendet."),
            _("Begründung: %(reason)s") % {"reason": plan.reason},
            _("Der noch offene Betrag ist damit sofort fällig. Bitte sprechen Sie uns an."),
        ]

    tell(
        for_party(plan.party),
        kind="payment_plan_ended",
        key=str(plan.pk),
        ticket=plan.process.ticket,
        compose=compose,
        **_portal_link(plan),
    )


def on_instalment_late(sender, *, instalment: Instalment, **kwargs) -> None:
    plan = instalment.plan

    def compose() -> tuple[str, list[str]]:
        return _("Erinnerung: Rate %(number)s Ihrer Ratenzahlung") % {"number": instalment.number}, [
            _(
                "nach unseren Unterlagen ist die Rate %(number)s über %(amount)s, fällig am %(date)s, "
                "noch nicht bei uns eingegangen."
            )
            % {
                "number": instalment.number,
                "amount": euro(instalment.amount),
                "date": _day(instalment.due_date),
            },
            _(
                "Bitte überweisen Sie den Betrag an %(creditor)s, IBAN %(iban)s, "
                "mit dem Verwendungszweck „%(reference)s Rate %(number)s“."
            )
            % {
                "creditor": settings.PAYMENTS["creditor_name"],
                "iban": epc.grouped_iban(settings.PAYMENTS["iban"]),
                "reference": plan.reference,
                "number": instalment.number,
            },
            _("Haben Sie bereits gezahlt, betrachten Sie diese Erinnerung bitte als gegenstandslos."),
        ]

    tell(
        for_party(plan.party),
        kind="instalment_late",
        key=str(instalment.pk),
        ticket=plan.process.ticket,
        compose=compose,
        **_portal_link(plan),
    )


def on_instalment_escalated(sender, *, instalment: Instalment, **kwargs) -> None:
    plan = instalment.plan
    ticket = plan.process.ticket
    staff = ticket.assignee or (ticket.team.lead if ticket.team_id else None)

    def compose() -> tuple[str, list[str]]:
        return _("Rate überfällig: Ratenzahlung von %(name)s") % {"name": plan.party.display_name}, [
            _(
                "die Rate %(number)s über %(amount)s, fällig am %(date)s, "
                "ist trotz Erinnerung nicht eingegangen."
            )
            % {
                "number": instalment.number,
                "amount": euro(instalment.amount),
                "date": _day(instalment.due_date),
            },
            _("Bitte nehmen Sie Kontakt mit %(name)s auf oder beenden Sie die Vereinbarung.")
            % {"name": plan.party.display_name},
        ]

    tell(
        for_staff(staff),
        kind="instalment_escalated",
        key=str(instalment.pk),
        ticket=ticket,
        compose=compose,
        link=absolute(reverse("backoffice:payment_plan", args=[plan.reference])),
        link_label=lambda: _("Ratenzahlung öffnen"),
    )


def connect() -> None:
    payment_plan_decided.connect(on_plan_decided, dispatch_uid="plans.decided")
    payment_plan_ended.connect(on_plan_ended, dispatch_uid="plans.ended")
    instalment_late.connect(on_instalment_late, dispatch_uid="plans.instalment_late")
    instalment_escalated.connect(on_instalment_escalated, dispatch_uid="plans.instalment_escalated")
