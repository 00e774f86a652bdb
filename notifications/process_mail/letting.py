"""Process mails about a letting (letting): the new tenant's invitation to read and sign the tenancy
agreement in the portal (the link leads through the magic-link sign-in to the contract page), the sealed
agreement as a PDF once staff have countersigned, or the word that staff withdrew the offer. Written in the
tenant's language; a tenant who prefers post gets the same as a letter."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from letting.contract_pdf import euro
from letting.models import Letting
from letting.signals import letting_concluded, letting_offered, letting_withdrawn
from letting.standard import COUNTERSIGNATURE, TEMPLATE
from processes.models import Process, ProcessStep
from processes.signals import step_started

from ..recipients import absolute, for_party, for_staff, tell


def contract_link(letting: Letting) -> str:
    """The portal's sign-in page, which sends a sign-in link and then opens the contract page."""
    page = reverse("portal:letting", args=[letting.process.ticket.reference])
    return absolute(f"{reverse('portal:login')}?{urlencode({'next': page})}")


def on_offered(sender, *, letting: Letting, **kwargs) -> None:
    def compose() -> tuple[str, list[str]]:
        return _("Ihr Mietvertrag zur Unterschrift: %(unit)s") % {"unit": letting.unit}, [
            _("wir freuen uns, Ihnen die Wohnung %(unit)s zu vermieten.") % {"unit": letting.unit},
            _("Mietbeginn: %(date)s") % {"date": date_format(letting.start, "DATE_FORMAT")},
            _(
                "Monatliche Gesamtmiete: %(total)s (Nettokaltmiete %(rent)s, "
                "Betriebskostenvorauszahlung %(costs)s)"
            )
            % {
                "total": euro(letting.total_rent),
                "rent": euro(letting.rent_net),
                "costs": euro(letting.operating_costs),
            },
            _("Kaution: %(deposit)s") % {"deposit": euro(letting.deposit)},
            _(
                "Bitte lesen Sie den Mietvertrag im Mieterportal und unterschreiben Sie ihn dort. Über den "
                "Link melden Sie sich mit Ihrer E-Mail-Adresse %(email)s an; Sie erhalten dann einen "
                "Anmeldelink."
            )
            % {"email": letting.party.email},
            _(
                "Nach Ihrer Unterschrift zeichnen wir gegen und senden Ihnen den versiegelten Vertrag "
                "als PDF."
            ),
        ]

    tell(
        for_party(letting.party),
        kind="letting_offered",
        key=str(letting.pk),
        ticket=letting.process.ticket,
        compose=compose,
        link=contract_link(letting),
        link_label=lambda: _("Mietvertrag im Mieterportal lesen und unterschreiben"),
    )


def on_concluded(sender, *, letting: Letting, message=None, **kwargs) -> None:
    def compose() -> tuple[str, list[str]]:
        return _("Ihr Mietvertrag %(number)s") % {"number": letting.contract_number}, [
            _("anbei erhalten Sie Ihren von beiden Seiten unterschriebenen Mietvertrag als PDF."),
            _(
                "Er ist mit dem elektronischen Siegel des Vermieters versehen; jede Änderung der Datei "
                "wäre erkennbar."
            ),
            _("Wohnung: %(unit)s") % {"unit": letting.unit},
            _("Mietbeginn: %(date)s") % {"date": date_format(letting.start, "DATE_FORMAT")},
            _("Sie finden den Vertrag auch im Mieterportal unter „Dokumente“."),
        ]

    tell(
        for_party(letting.party),
        kind="letting_concluded",
        key=str(letting.pk),
        ticket=letting.process.ticket,
        compose=compose,
        link=absolute(reverse("portal:letting", args=[letting.process.ticket.reference])),
        link_label=lambda: _("Mietvertrag im Mieterportal"),
        message=message,
    )


def on_withdrawn(sender, *, letting: Letting, reason: str = "", **kwargs) -> None:
    """Staff withdrew the offer: the tenant, who was asked to sign, hears that and why."""

    def compose() -> tuple[str, list[str]]:
        lines = [
            _(
                "wir haben den Mietvertrag %(number)s für die Wohnung %(unit)s zurückgezogen. Er kann nicht "
                "mehr unterschrieben werden."
            )
            % {"number": letting.contract_number, "unit": letting.unit},
        ]
        if reason:
            lines.append(_("Begründung: %(reason)s") % {"reason": reason})
        if letting.tenant_signature_id:
            lines.append(_("Ihre Unterschrift unter diesem Vertrag ist damit gegenstandslos."))
        lines.append(
            _("Bei Fragen erreichen Sie uns unter %(hotline)s.") % {"hotline": settings.COMPANY["hotline"]}
        )
        return _("Mietvertrag %(number)s zurückgezogen") % {"number": letting.contract_number}, lines

    tell(
        for_party(letting.party),
        kind="letting_withdrawn",
        key=str(letting.pk),
        ticket=letting.process.ticket,
        compose=compose,
        link=absolute(reverse("portal:letting", args=[letting.process.ticket.reference])),
        link_label=lambda: _("Mietvertrag im Mieterportal"),
    )


def on_step_started(sender, *, process: Process, step: ProcessStep, **kwargs) -> None:
    """The tenant signed: the letting's case worker (or the team lead) is asked to countersign."""
    if process.template.code != TEMPLATE or step.template.code != COUNTERSIGNATURE:
        return
    letting = Letting.objects.select_related("party", "unit__building").filter(process=process).first()
    ticket = process.ticket
    if letting is None:
        return
    staff = ticket.assignee or (ticket.team.lead if ticket.team_id else None)

    def compose() -> tuple[str, list[str]]:
        return _("Mietvertrag unterschrieben: bitte gegenzeichnen (%(name)s)") % {
            "name": letting.party.display_name
        }, [
            _("%(name)s hat den Mietvertrag %(number)s für %(unit)s unterschrieben.")
            % {"name": letting.party.display_name, "number": letting.contract_number, "unit": letting.unit},
            _(
                "Bitte zeichnen Sie ihn gegen; danach wird er versiegelt und der Mieterin / dem Mieter "
                "gesendet."
            ),
        ]

    tell(
        for_staff(staff),
        kind="letting_countersign",
        key=str(letting.pk),
        ticket=ticket,
        compose=compose,
        link=absolute(reverse("backoffice:letting", args=[ticket.reference])),
        link_label=lambda: _("Vermietung öffnen"),
    )


def connect() -> None:
    letting_offered.connect(on_offered, dispatch_uid="process_mail.letting_offered")
    letting_concluded.connect(on_concluded, dispatch_uid="process_mail.letting_concluded")
    letting_withdrawn.connect(on_withdrawn, dispatch_uid="process_mail.letting_withdrawn")
    step_started.connect(on_step_started, dispatch_uid="process_mail.letting_step_started")
