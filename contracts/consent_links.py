"""The consent links of a co-tenant change: each person asked to consent holds one signed, expiring link
(processes.notice_consent's token, with the round of its sending added). Staff may send someone a new link
(the one before stops working: "Dieser Link wurde durch einen neueren ersetzt"), and whoever has not
answered some days after their link went out is reminded once per link, with the same link sent afresh.
Each sending is a row in the ticket's timeline; the mail itself is notifications.process_mail.contracts',
which hears consent_link_sent.

    link_token(change, party) -> str                    the link's token for the party's current round
    change_for_token(token) -> (ContractChange, Party)  raises LinkInvalid, LinkExpired, LinkReplaced
    link_resend(change, party, *, actor) -> None        a new link; raises ProcessError
    reminders_send(now=None) -> int                     the day's reminders (the beat's task)
    open_parties(change) -> [Party]                     who has not answered while the step is open
    consent_states(changes) -> {change pk: [(name, answer)]}   for the lists, two queries for all
    link_dates(change) -> {party pk: (sent_at, reminded_at)}   when each link last went out, for staff
"""

import datetime as dt

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.models import Party
from processes.errors import ProcessError
from processes.models import ProcessParty, ProcessStep, Role
from processes.notice_consent import SALT, LinkInvalid, answer_of, consent_for_token, consent_step
from processes.timeline import record_process
from tickets.actors import Actor

from .errors import ChangeClosed
from .models import ContractChange
from .signals import consent_link_sent
from .standard import CODES

REMIND_AFTER = dt.timedelta(days=5)


class LinkReplaced(LinkInvalid):
    default_message = _(
        "Dieser Link wurde durch einen neueren ersetzt. Bitte öffnen Sie den Link aus unserer letzten "
        "E-Mail zu dieser Änderung."
    )


class NotAsked(ProcessError):
    default_message = _("Diese Person ist nicht um Zustimmung gebeten.")


class AlreadyAnswered(ProcessError):
    default_message = _("Diese Person hat bereits geantwortet; ein neuer Link ist nicht nötig.")


class ConsentClosed(ProcessError):
    default_message = _("Die Zustimmung ist nicht mehr offen.")


def _entry(change: ContractChange, party: Party) -> dict:
    return (change.consent_links or {}).get(str(party.pk)) or {}


def link_token(change: ContractChange, party: Party) -> str:
    payload = {"p": change.process_id, "y": party.pk}
    if round_ := _entry(change, party).get("round"):
        payload["n"] = round_
    return signing.TimestampSigner(salt=SALT).sign_object(payload)


def change_for_token(token: str) -> tuple[ContractChange, Party]:
    """The change and the person a link is for; a link of a round before the party's last is refused."""
    process, party = consent_for_token(token)
    if process.template.code not in CODES:
        raise LinkInvalid()
    change = ContractChange.objects.filter(process=process).first()
    if change is None:
        raise LinkInvalid()
    change.process = process
    # consent_for_token has checked the signature and its age; the round is read from the same payload.
    round_ = signing.TimestampSigner(salt=SALT).unsign_object(token).get("n", 0)
    if round_ != _entry(change, party).get("round", 0):
        raise LinkReplaced()
    return change, party


def open_parties(change: ContractChange) -> list[Party]:
    """Who is asked and has not answered, while the consent step takes answers (two queries)."""
    step = consent_step(change.process)
    if change.state != ContractChange.State.PENDING or step is None or step.state != ProcessStep.State.ACTIVE:
        return []
    answers = (step.data or {}).get("answers") or {}
    rows = ProcessParty.objects.filter(process=change.process, role=Role.CO_TENANT, party__isnull=False)
    return [
        row.party for row in rows.select_related("party").order_by("pk") if str(row.party_id) not in answers
    ]


def consent_states(changes) -> dict[int, list[tuple[str, str]]]:
    """Who was asked to consent to each open co-tenant change of `changes`, with their answer ("agreed",
    "refused" or "" while open), in the order asked: two queries however many changes."""
    waiting = {
        change.process_id: change.pk
        for change in changes
        if change.needs_consent and change.state == ContractChange.State.PENDING
    }
    if not waiting:
        return {}
    answers = {}
    steps = ProcessStep.objects.filter(process_id__in=waiting, template__code="co_tenant_consent").order_by(
        "pk"
    )
    for process_id, data in steps.values_list("process_id", "data"):
        answers[process_id] = (data or {}).get("answers") or {}  # the latest step wins
    states: dict[int, list[tuple[str, str]]] = {pk: [] for pk in waiting.values()}
    rows = ProcessParty.objects.filter(process_id__in=waiting, role=Role.CO_TENANT, party__isnull=False)
    for row in rows.select_related("party").order_by("pk"):
        answer = answers.get(row.process_id, {}).get(str(row.party_id), "")
        states[waiting[row.process_id]].append((row.party.display_name, answer))
    return states


def link_dates(change: ContractChange) -> dict[int, tuple[dt.datetime | None, dt.datetime | None]]:
    """When each asked person's current link went out (the consent step's start, or staff's resend) and
    when they were reminded of it."""
    step = consent_step(change.process)
    started = step.started_at if step is not None else None
    dates = {}
    rows = ProcessParty.objects.filter(process=change.process, role=Role.CO_TENANT, party__isnull=False)
    for party_id in rows.values_list("party_id", flat=True):
        entry = (change.consent_links or {}).get(str(party_id)) or {}
        sent = dt.datetime.fromisoformat(entry["sent_at"]) if entry.get("sent_at") else started
        reminded = dt.datetime.fromisoformat(entry["reminded_at"]) if entry.get("reminded_at") else None
        dates[party_id] = (sent, reminded)
    return dates


def _send(change: ContractChange, party: Party, *, actor: Actor, reminder: bool) -> None:
    """Record the sending (the timeline row) and announce it for the mail, inside the caller's transaction."""
    step = consent_step(change.process)
    record_process(
        change.process,
        action="consent_reminded" if reminder else "consent_link_sent",
        actor=actor,
        step=step,
        who=party.display_name,
    )
    consent_link_sent.send(sender=ContractChange, change=change, party=party, reminder=reminder)


@transaction.atomic
def link_resend(change: ContractChange, party: Party, *, actor: Actor) -> None:
    """Staff send `party` a new consent link; the one before stops working."""
    change = ContractChange.objects.select_for_update().select_related("process__ticket").get(pk=change.pk)
    if change.state != ContractChange.State.PENDING:
        raise ChangeClosed()
    step = consent_step(change.process)
    if step is None or step.state != ProcessStep.State.ACTIVE:
        raise ConsentClosed()
    if not ProcessParty.objects.filter(process=change.process, party=party, role=Role.CO_TENANT).exists():
        raise NotAsked()
    if answer_of(change.process, party):
        raise AlreadyAnswered()
    entry = _entry(change, party)
    change.consent_links = {
        **(change.consent_links or {}),
        str(party.pk): {"round": entry.get("round", 0) + 1, "sent_at": timezone.now().isoformat()},
    }
    change.save(update_fields=["consent_links"])
    _send(change, party, actor=actor, reminder=False)


def reminders_send(now: dt.datetime | None = None) -> int:
    """Remind once everyone who has not answered REMIND_AFTER after their link went out; returns how many
    were reminded. Each change in its own transaction, so one refusal does not hold the others."""
    now = now or timezone.now()
    pending = ContractChange.objects.pending().filter(
        kind__in=[ContractChange.Kind.MOVE_IN, ContractChange.Kind.MOVE_OUT],
        process__current_step__template__code="co_tenant_consent",
        process__current_step__state=ProcessStep.State.ACTIVE,
        process__current_step__started_at__lte=now - REMIND_AFTER,
    )
    reminded = 0
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            change = ContractChange.objects.select_for_update().select_related("process__ticket").get(pk=pk)
            step = consent_step(change.process)
            links = dict(change.consent_links or {})
            for party in open_parties(change):
                entry = dict(links.get(str(party.pk)) or {})
                sent_at = (
                    dt.datetime.fromisoformat(entry["sent_at"]) if entry.get("sent_at") else step.started_at
                )
                if entry.get("reminded_at") or sent_at is None or sent_at > now - REMIND_AFTER:
                    continue
                entry["reminded_at"] = now.isoformat()
                links[str(party.pk)] = entry
                change.consent_links = links
                change.save(update_fields=["consent_links"])
                _send(change, party, actor=Actor.system(), reminder=True)
                reminded += 1
    return reminded
