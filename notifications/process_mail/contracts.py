"""Process mails and letters of contract changes (contracts): every person asked to consent to a co-tenant
moving in or out gets their signed link; on approval the Nachtrag zum Mietvertrag is rendered (DIN 5008,
the letters' machinery), kept with everyone's documents (contracts.addendum) and sent to each of them, by
e-mail with the link to their documents or, for those who want post, as the printed addendum; an approved
name or contact change gets its confirmation letter. The requesting tenant hears of the decision itself by
the change request's mail (notifications.rules.on_change_request_decided)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from contracts import standard
from contracts.addendum import addendum_context, addendum_keep, addendum_recipients, confirmation_keep
from contracts.consent import change_line
from contracts.consent_links import link_token
from contracts.models import ContractChange
from contracts.signals import consent_link_sent, contract_change_decided
from estate.models import Party
from estate.salutations import salutation_for
from processes.models import Process, ProcessParty, ProcessStep, Role
from processes.notice_consent import LINK_MAX_AGE
from processes.signals import step_started

from ..letters.outbox import spec_letter
from ..letters.render import LetterSpec, render_letter
from ..letters.specs import postal_address
from ..models import OutboxMessage
from ..recipients import absolute, for_party, tell
from ..services import letter_enqueue

CONSENT_TEMPLATES = {standard.MOVE_IN, standard.MOVE_OUT}


def connect() -> None:
    step_started.connect(on_step_started, sender=ProcessStep, dispatch_uid="process_mail.contracts.started")
    contract_change_decided.connect(on_decided, dispatch_uid="process_mail.contracts.decided")
    consent_link_sent.connect(on_link_sent, dispatch_uid="process_mail.contracts.link_sent")


# --- the consent links --------------------------------------------------------------------------------


def on_step_started(sender, *, process: Process, step: ProcessStep, **kwargs) -> None:
    if process.template.code in CONSENT_TEMPLATES and step.template.code == standard.CONSENT:
        _ask_for_consent(process)


def _ask_for_consent(process: Process) -> None:
    change = ContractChange.objects.get(process=process)
    change.process = process
    for row in ProcessParty.objects.filter(process=process, role=Role.CO_TENANT).select_related("party"):
        _consent_mail(change, row.party)


def on_link_sent(sender, *, change: ContractChange, party: Party, reminder: bool, **kwargs) -> None:
    """Staff sent a new link (the one before no longer opens), or the reminder is due."""
    entry = (change.consent_links or {}).get(str(party.pk)) or {}
    key = f"r{entry.get('round', 0)}" + ("-reminder" if reminder else "")
    _consent_mail(change, party, key=key, reminder=reminder)


def _consent_mail(change: ContractChange, party: Party, *, key: str = "", reminder: bool = False) -> None:
    process = change.process
    requester = process.ticket.reporter
    data = (process.data or {}).get("contract_change") or {}
    link = absolute(reverse("portal:contract_consent", args=[link_token(change, party)]))

    def compose() -> tuple[str, list[str]]:
        subject = (
            _("Erinnerung: Bitte stimmen Sie der Änderung des Mietvertrags zu")
            if reminder
            else _("Bitte stimmen Sie der Änderung des Mietvertrags zu")
        )
        lines = [
            _("%(name)s hat eine Änderung des Mietvertrags für die Wohnung %(place)s beantragt:")
            % {"name": requester.display_name if requester else "", "place": data.get("place", "")},
            change_line(data),
            (
                _(
                    "Die Änderung gilt nur, wenn alle Mieterinnen und Mieter des Vertrags und die "
                    "ausziehende Person zustimmen. Bitte lesen Sie den Nachtrag über den folgenden Link und "
                    "stimmen Sie zu oder lehnen Sie ab. Der Link gilt %(days)s Tage und nur für Sie."
                )
                if data.get("kind") == "move_out"
                else _(
                    "Die Änderung gilt nur, wenn alle Mieterinnen und Mieter des Vertrags und die "
                    "einziehende Person zustimmen. Bitte lesen Sie den Nachtrag über den folgenden Link und "
                    "stimmen Sie zu oder lehnen Sie ab. Der Link gilt %(days)s Tage und nur für Sie."
                )
            )
            % {"days": LINK_MAX_AGE.days},
        ]
        if reminder:
            lines.insert(
                0, _("wir haben von Ihnen noch keine Antwort zur Änderung des Mietvertrags erhalten.")
            )
        elif key:
            lines.append(_("Dies ist ein neuer Link. Der Link aus unserer früheren E-Mail gilt nicht mehr."))
        return subject, lines

    tell(
        for_party(party),
        kind="contract_consent",
        key=f"{process.pk}" + (f":{key}" if key else ""),
        ticket=process.ticket,
        compose=compose,
        link=link,
        link_label=lambda: _("Änderung lesen und zustimmen"),
    )


# --- the decision -------------------------------------------------------------------------------------


def on_decided(sender, *, change: ContractChange, **kwargs) -> None:
    if change.state == ContractChange.State.APPROVED and change.needs_consent:
        _addendum(change)
    elif change.state == ContractChange.State.APPROVED:
        _confirmation(change)
    elif change.needs_consent:
        _tell_others_refused(change)


def addendum_spec(change: ContractChange, party: Party) -> LetterSpec:
    """The addendum, addressed to `party`; a contract document, so in German for everyone."""
    with translation.override("de"):
        return LetterSpec(
            template="letters/contract_addendum.html",
            recipient=postal_address(party, unit=change.unit),
            context={**addendum_context(change), "salutation": salutation_for(party)},
            language="de",
        )


def _addendum(change: ContractChange) -> None:
    addendum_keep(change, render_letter(addendum_spec(change, change.requested_by)))
    for party in addendum_recipients(change):
        if _by_post(party):
            _post(change, party, kind="contract_addendum", spec=addendum_spec(change, party))
            continue

        def compose(party=party) -> tuple[str, list[str]]:
            return _("Nachtrag zum Mietvertrag"), [
                _("die Änderung Ihres Mietvertrags ist freigegeben:"),
                change_line((change.process.data or {}).get("contract_change") or {}),
                _(
                    "Den Nachtrag zum Mietvertrag mit den Zustimmungen aller Beteiligten finden Sie im "
                    "Mieterportal unter „Dokumente“. Bitte bewahren Sie ihn mit Ihrem Mietvertrag auf."
                ),
            ]

        tell(
            for_party(party),
            kind="contract_addendum",
            key=str(change.pk),
            ticket=change.process.ticket,
            compose=compose,
            link=absolute(reverse("portal:documents")),
            link_label=lambda: _("Dokumente im Mieterportal"),
        )


def confirmation_spec(change: ContractChange) -> LetterSpec:
    party = change.requested_by
    request = change.change_request
    with translation.override(party.language):
        rows = _rows(change)
        subject = (
            _("Bestätigung Ihrer Namensänderung")
            if change.kind == ContractChange.Kind.NAME
            else _("Bestätigung: Ansprechpartner zu Ihrem Mietvertrag")
        )
        return LetterSpec(
            template="letters/contract_change.html",
            recipient=postal_address(party, unit=change.unit),
            context={
                "salutation": salutation_for(party),
                "reference": change.reference,
                "letter_subject": subject,
                "kind": change.kind,
                "rows": rows,
                "decided_at": request.decided_at.date().isoformat() if request.decided_at else "",
            },
            language=party.language,
        )


def _rows(change: ContractChange) -> list[list[str]]:
    request = change.change_request
    old, new = request.old_values or {}, request.new_values or {}
    if change.kind == ContractChange.Kind.NAME:
        before = " ".join(old.get(f, "") for f in ("first_name", "last_name") if old.get(f))
        after = " ".join(new.get(f, "") for f in ("first_name", "last_name") if new.get(f))
        return [[_("bisheriger Name"), before], [_("neuer Name"), after]]
    contact = change.contact_person
    return [
        [_("Ansprechperson"), contact.name],
        [_("Anschrift"), ", ".join(contact.address_lines) or "–"],
        [_("E-Mail"), contact.email or "–"],
        [_("Telefon"), contact.phone or "–"],
        [_("Umfang"), str(contact.get_scope_display())],
        [_("Grundlage"), str(contact.get_basis_display())],
    ]


def _confirmation(change: ContractChange) -> None:
    spec = confirmation_spec(change)
    confirmation_keep(change, render_letter(spec), title=spec.context["letter_subject"])
    if _by_post(change.requested_by):
        _post(change, change.requested_by, kind="contract_confirmation", spec=spec)


def _by_post(party: Party) -> bool:
    return for_party(party).channel == OutboxMessage.Channel.LETTER


def _post(change: ContractChange, party: Party, *, kind: str, spec: LetterSpec) -> None:
    """The letter itself, printed, for those who want post (others read it in their documents)."""
    letter_enqueue(
        idempotency_key=f"{kind}:{change.pk}:p{party.pk}",
        kind=kind,
        party=party,
        subject=str(spec.context.get("letter_subject") or _("Nachtrag zum Mietvertrag")),
        ticket=change.process.ticket,
        letter=spec_letter(spec),
    )


def _tell_others_refused(change: ContractChange) -> None:
    """Everyone asked to consent hears that the change will not be made (the tenant who asked hears it
    by the change request's mail)."""
    for party in addendum_recipients(change):
        if party.pk == change.requested_by_id:
            continue
        tell(
            for_party(party),
            kind="contract_refused",
            key=str(change.pk),
            ticket=change.process.ticket,
            compose=lambda: (
                _("Die Änderung des Mietvertrags wird nicht vorgenommen"),
                [
                    _("die beantragte Änderung des Mietvertrags haben wir nicht freigegeben:"),
                    change_line((change.process.data or {}).get("contract_change") or {}),
                    _("Begründung: %(reason)s") % {"reason": change.reason},
                ],
            ),
        )
