"""Process mails of the home swap (Wohnungstausch, swaps):

- partner_confirmation starts: the partner gets the signed link to confirm the joint application (a
  partner from outside registers their data with it);
- partner_confirmation refused: the applicant hears of it;
- decision done: the DIN 5008 letter on the decision to both applicants, by post (a decision on the
  tenancy is kept on paper) and, where we have an address, by e-mail with the same facts; each one's
  letter is kept with their own documents (portal: Dokumente), the outside partner's too.
"""

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from estate.models import Document, Party
from estate.salutations import salutation_for
from processes.models import Process, ProcessStep
from processes.signals import step_completed, step_started
from swaps.invitation import LINK_MAX_AGE, partner_token
from swaps.models import HomeSwap
from swaps.standard import TEMPLATE
from swaps.wording import side_word

from ..letters.outbox import spec_letter
from ..letters.render import LetterSpec, render_letter
from ..letters.specs import postal_address
from ..recipients import absolute, for_party, tell
from ..services import letter_enqueue


def connect() -> None:
    step_started.connect(on_step_started, sender=ProcessStep, dispatch_uid="process_mail.swaps.started")
    step_completed.connect(on_step_completed, sender=ProcessStep, dispatch_uid="process_mail.swaps.completed")


def _swap(process: Process) -> HomeSwap | None:
    """The swap of `process`, holding that very object: its data (the decision just taken) is not saved
    yet while the engine announces the step."""
    swap = (
        HomeSwap.objects.filter(process=process)
        .select_related("applicant", "partner", "applicant_unit__building", "partner_unit__building")
        .first()
    )
    if swap is not None:
        swap.process = process
    return swap


def _day(value) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) and value else value
    return formats.date_format(day, "DATE_FORMAT") if isinstance(day, dt.date) else ""


def on_step_started(sender, *, process: Process, step: ProcessStep, **kwargs) -> None:
    if process.template.code != TEMPLATE or step.template.code != "partner_confirmation":
        return
    swap = _swap(process)
    if swap is None:  # the application is saved right after the start
        return
    _invite_partner(swap)


def on_step_completed(sender, *, process: Process, step: ProcessStep, **kwargs) -> None:
    if process.template.code != TEMPLATE:
        return
    code = step.template.code
    if code == "partner_confirmation" and step.outcome == "refused":
        _tell_declined(_swap(process))
    elif code == "decision":
        swap = _swap(process)
        for party in (swap.applicant, swap.partner):
            send_decision(swap, party, step=step)


def _invite_partner(swap: HomeSwap) -> None:
    link = absolute(reverse("portal:swap_partner", args=[partner_token(swap)]))
    applicant, partner = swap.applicant, swap.partner

    def compose() -> tuple[str, list[str]]:
        lines = [
            _(
                "%(name)s möchte mit Ihnen die Wohnung tauschen und hat dafür einen gemeinsamen "
                "Antrag gestellt."
            )
            % {"name": applicant.display_name},
            _("Wohnung von %(name)s: %(home)s")
            % {"name": applicant.display_name, "home": swap.applicant_unit},
            _("Gewünschter Tauschtermin: %(date)s") % {"date": _day(swap.wished_date)},
        ]
        if swap.partner_is_outside:
            lines.append(
                _(
                    "Bitte nennen Sie uns über den folgenden Link Ihre jetzige Anschrift, Ihren Vermieter "
                    "und "
                    "die Größe Ihres Haushalts, und bestätigen Sie den Antrag."
                )
            )
            lines.append(
                _(
                    "Für die Prüfung brauchen wir außerdem eine Mietschuldenfreiheitsbescheinigung Ihres "
                    "jetzigen Vermieters. Bitte senden Sie sie uns per E-Mail an %(email)s oder per Post, "
                    "mit der Vorgangsnummer."
                )
                % {"email": settings.COMPANY.get("email", "")}
            )
        else:
            lines.append(
                _(
                    "Bitte bestätigen Sie den Antrag über den folgenden Link und nennen Sie die Größe "
                    "Ihres Haushalts."
                )
            )
        lines.append(_("Der Link gilt %(days)s Tage.") % {"days": LINK_MAX_AGE.days})
        return _("Wohnungstausch: Bitte bestätigen Sie den gemeinsamen Antrag"), lines

    tell(
        for_party(partner),
        kind="swap_partner_invitation",
        key=str(swap.pk),
        ticket=swap.process.ticket,
        compose=compose,
        link=link,
        link_label=lambda: _("Antrag lesen und bestätigen"),
    )


def _tell_declined(swap: HomeSwap | None) -> None:
    if swap is None:
        return
    tell(
        for_party(swap.applicant),
        kind="swap_partner_declined",
        key=str(swap.pk),
        ticket=swap.process.ticket,
        compose=lambda: (
            _("Wohnungstausch: Ihr Tauschpartner hat nicht bestätigt"),
            [
                _(
                    "%(name)s hat den gemeinsamen Antrag auf Wohnungstausch nicht bestätigt. Der Antrag "
                    "ist damit beendet."
                )
                % {"name": swap.partner.display_name},
                _("Gern beraten wir Sie zu anderen Möglichkeiten eines Wohnungswechsels."),
            ],
        ),
        link=absolute(reverse("portal:swap", args=[swap.reference])),
        link_label=lambda: _("Ihr Wohnungstausch im Mieterportal"),
    )


# --- the decision letter ------------------------------------------------------------------------------


def _facts(swap: HomeSwap, party: Party) -> list[list[str]]:
    """The rows atop the letter and the mail: both sides, and on approval the day each one's tenancy
    begins or ends and the home they move into (the home from outside by the address its tenant gave)."""
    data = swap.process.data or {}
    moves_to = swap.other_home_of(party)
    rows = [
        [side_word(swap, swap.applicant), f"{swap.applicant.display_name} ({swap.applicant_unit})"],
        [
            side_word(swap, swap.partner),
            f"{swap.partner.display_name} ({swap.partner_unit or swap.outside_address})",
        ],
    ]
    if data.get("swap_date"):
        # Short labels: the letter's label column is narrow.
        swap_date = dt.date.fromisoformat(data["swap_date"])
        rows.append([_("Tauschtermin"), _day(swap_date)])
        if party.pk == swap.applicant_id or not swap.partner_is_outside:
            rows.append([_("Mietende"), _day(swap_date - dt.timedelta(days=1))])
        if moves_to is not None:  # the new tenancy begins on the swap date (the letter's text says so)
            rows.append([_("Ihre neue Wohnung"), str(moves_to)])
        elif swap.outside_address:  # into the home from outside: with us only the tenancy ends
            rows.append([_("Ihre neue Wohnung"), swap.outside_address])
    return rows


def decision_letter(swap: HomeSwap, party: Party, *, step: ProcessStep) -> LetterSpec:
    data = swap.process.data or {}
    with translation.override(party.language):
        approved = step.outcome == "yes"
        swap_date = data.get("swap_date", "")
        last_day = _day(dt.date.fromisoformat(swap_date) - dt.timedelta(days=1)) if swap_date else ""
        context = {
            "salutation": salutation_for(party),
            "reference": swap.reference,
            "approved": approved,
            "reason": data.get("decision_reason", ""),
            "partner_name": (swap.partner if party.pk == swap.applicant_id else swap.applicant).display_name,
            "swap_date": _day(swap_date),
            "last_day": last_day,
            "moves_out_of_ours": party.pk == swap.applicant_id or not swap.partner_is_outside,
            "moves_into_ours": swap.other_home_of(party) is not None,
            "facts": _facts(swap, party),
            "letter_subject": _("Ihr Antrag auf Wohnungstausch"),
            "portal_link": absolute(reverse("portal:swap", args=[swap.reference])),
        }
        assignee = swap.process.ticket.assignee
        if assignee:
            context["contact_name"] = assignee.get_full_name()
        return LetterSpec(
            template="letters/swap_decision.html",
            recipient=postal_address(party, unit=swap.home_of(party)),
            context=context,
            language=party.language,
        )


DOCUMENT_KIND = "wohnungstausch"


def _keep(swap: HomeSwap, party: Party, spec: LetterSpec) -> None:
    """The decision letter as sent, kept with the party's own documents (portal: Dokumente); once."""
    with translation.override(party.language):
        title = _("Entscheidung über den Wohnungstausch %(reference)s") % {"reference": swap.reference}
    if Document.objects.filter(party=party, kind=DOCUMENT_KIND, title=title[:200]).exists():
        return
    document = Document(party=party, kind=DOCUMENT_KIND, title=title[:200], year=timezone.localdate().year)
    name = f"wohnungstausch-{swap.reference}-entscheidung.pdf"
    document.file.save(name, ContentFile(render_letter(spec)), save=False)
    document.save()


def send_decision(swap: HomeSwap, party: Party, *, step: ProcessStep) -> None:
    spec = decision_letter(swap, party, step=step)
    _keep(swap, party, spec)
    ticket = swap.process.ticket
    with translation.override(party.language):
        subject = (
            _("Ihr Antrag auf Wohnungstausch: genehmigt")
            if step.outcome == "yes"
            else _("Ihr Antrag auf Wohnungstausch: Entscheidung")
        )
    letter_enqueue(
        idempotency_key=f"swap_decision:{swap.process_id}:p{party.pk}",
        kind="swap_decision",
        party=party,
        subject=subject,
        ticket=ticket,
        letter=spec_letter(spec),
    )
    if not party.email:
        return

    def compose() -> tuple[str, list[str]]:
        context = spec.context
        if context["approved"]:
            lead = _("wir stimmen Ihrem Wohnungstausch zu.")
        else:
            lead = _("wir können Ihrem Antrag auf Wohnungstausch leider nicht zustimmen.")
        lines = [lead, _("Begründung: %(reason)s") % {"reason": context["reason"]}]
        lines += [f"{label}: {value}" for label, value in context["facts"]]
        lines.append(_("Den Brief mit der Entscheidung senden wir Ihnen auch per Post."))
        return subject, lines

    tell(
        for_party(party) if not party.wants_letters else None,
        kind="swap_decision_mail",
        key=str(swap.process_id),
        ticket=ticket,
        compose=compose,
        link=spec.context["portal_link"],
        link_label=lambda: _("Ihr Wohnungstausch im Mieterportal"),
    )
