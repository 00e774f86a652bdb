"""How a swap reads for the people in it: the pre-checks in gentle words for a tenant (their own checks
only; of the partner's they learn no more than whether something is still being clarified), and the
follow-on processes each of them may open.

    tenant_checks(swap, party) -> list[TenantCheck]
    follow_ups_for(swap, user) -> list[Process]       those of the swap's follow-ups processes.access shows
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from estate.models import Party
from processes import access
from processes.models import Process

from .models import HomeSwap, SwapCheck

GENTLE = {
    SwapCheck.Code.ARREARS: (
        _("Mietkonto"),
        _("Bitte melden Sie sich bei uns, damit wir Ihr Mietkonto gemeinsam klären können."),
    ),
    SwapCheck.Code.NUISANCE: (
        _("Miteinander im Haus"),
        _("Es gibt noch ein offenes Anliegen aus Ihrer Nachbarschaft, das wir mit Ihnen klären möchten."),
    ),
    SwapCheck.Code.TENURE: (
        _("Mietdauer"),
        _("Ein Wohnungstausch ist in der Regel nach einem Jahr Mietdauer möglich; wir prüfen Ihren Fall."),
    ),
    SwapCheck.Code.HOUSEHOLD: (
        _("Wohnungsgröße und Haushalt"),
        _(
            "Die neue Wohnung passt nach unseren Belegungsregeln noch nicht ganz zu Ihrem Haushalt; "
            "wir sehen uns das an."
        ),
    ),
}


# A partner from outside has no rent account with us: what clears the arrears check is the certificate of
# their present landlord, which they send us.
OUTSIDE_ARREARS = (
    _("Mietschuldenfreiheitsbescheinigung"),
    _(
        "Bitte senden Sie uns eine Mietschuldenfreiheitsbescheinigung Ihres jetzigen Vermieters, per E-Mail "
        "an %(email)s oder per Post, und nennen Sie dabei die Vorgangsnummer %(reference)s."
    ),
)


def applies(swap: HomeSwap, party: Party, code: str) -> bool:
    """Whether a check says anything about `party` in this swap: a partner from outside has no tenancy
    and no neighbours with us, and our tenant moving into a home that is not ours has no occupancy rule of
    ours."""
    if not swap.partner_is_outside:
        return True
    if party.pk == swap.partner_id:
        return code not in (SwapCheck.Code.TENURE, SwapCheck.Code.NUISANCE)
    return code != SwapCheck.Code.HOUSEHOLD


def _gentle(swap: HomeSwap, party: Party, code: str) -> tuple[str, str]:
    if code == SwapCheck.Code.ARREARS and swap.partner_is_outside and party.pk == swap.partner_id:
        label, text = OUTSIDE_ARREARS
        return str(label), str(text) % {
            "email": settings.COMPANY.get("email", ""),
            "reference": swap.reference,
        }
    label, text = GENTLE[code]
    return str(label), str(text)


def side_word(swap: HomeSwap, party: Party) -> str:
    """ "Antragstellerin", "Tauschpartner" ...: the party's side of the swap in the word their salutation
    gives (both forms where it is not known)."""
    applicant = party.pk == swap.applicant_id
    if party.salutation == "Frau":
        return str(_("Antragstellerin") if applicant else _("Tauschpartnerin"))
    if party.salutation == "Herr":
        return str(_("Antragsteller") if applicant else _("Tauschpartner"))
    return str(_("Antragsteller/in") if applicant else _("Tauschpartner/in"))


@dataclass(frozen=True)
class TenantCheck:
    label: str
    ok: bool
    text: str
    released: bool = False  # failed, and staff let it pass: the tenant reads that, never the staff's reason


def tenant_checks(swap: HomeSwap, party: Party) -> list[TenantCheck]:
    rows = list(swap.checks.all())
    if not rows:
        return []
    own = [row for row in rows if row.party_id == party.pk and applies(swap, party, row.code)]
    shown = []
    for row in own:
        label, text = _gentle(swap, party, row.code)
        if row.ok and not row.passed:
            text = str(_("Wir haben diesen Punkt geprüft; er steht dem Tausch nicht entgegen."))
            shown.append(TenantCheck(label=label, ok=True, text=text, released=True))
        else:
            shown.append(TenantCheck(label=label, ok=row.ok, text="" if row.ok else text))
    others_ok = all(row.ok for row in rows if row.party_id != party.pk)
    shown.append(
        TenantCheck(
            label=str(_("Angaben Ihres Tauschpartners")),
            ok=others_ok,
            text="" if others_ok else str(_("Wir klären noch einige Punkte mit Ihrem Tauschpartner.")),
        )
    )
    return shown


def follow_up_references(swap: HomeSwap) -> list[str]:
    return list((swap.process.data or {}).get("follow_ups") or [])


def follow_ups_for(swap: HomeSwap, user) -> list[Process]:
    references = follow_up_references(swap)
    if not references:
        return []
    rows = access.processes_for(user).filter(ticket__reference__in=references)
    return list(rows.select_related("ticket", "template", "current_step__template").order_by("pk"))


def visible_swaps(user):
    """The swaps `user` may see: those of the processes processes.access shows them."""
    return HomeSwap.objects.filter(process__in=access.processes_for(user).values("pk"))
