"""Zustimmung der Mitmieter: every tenant of the contract must agree to a notice (and to a change of the
contract's tenants, contracts.consent, whose consent step has the same code). Each co-tenant gets a
signed link that expires (no login needed: the link is their key to this one consent), reads the notice
in their language and agrees or refuses. Agreeing is a simple electronic signature (processes.signatures)
of exactly the text shown; a refusal decides the step at once (the engine), and staff then decide.

    consent_token(process, party) -> str
    consent_for_token(token) -> (Process, Party)          raises LinkInvalid
    consent_answer(process, party, *, agreed, language, ip_address, user_agent) -> None
    consent_rows(process) -> list[ConsentRow]             who has answered, for every page
"""

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from estate.models import Party
from tickets.actors import Actor

from . import engine, signatures
from .errors import ProcessError
from .models import Process, ProcessParty, ProcessStep, Role, Signature

SALT = "processes.notice.consent"
LINK_MAX_AGE = dt.timedelta(days=30)
STEP = "co_tenant_consent"


class LinkInvalid(ProcessError):
    default_message = _("Dieser Link ist ungültig.")


class LinkExpired(LinkInvalid):
    default_message = _("Dieser Link ist abgelaufen. Bitte rufen Sie uns an; wir senden Ihnen einen neuen.")


@dataclass(frozen=True)
class ConsentRow:
    party: Party
    answer: str  # "agreed", "refused" or "" (not yet)
    signature: Signature | None


def consent_token(process: Process, party: Party) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"p": process.pk, "y": party.pk})


def consent_for_token(token: str) -> tuple[Process, Party]:
    """The process and co-tenant a link is for; the link stays readable after the answer (the page then
    says what was answered), but only for a co-tenant the process still names."""
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as expired:
        raise LinkExpired() from expired
    except signing.BadSignature as bad:
        raise LinkInvalid() from bad
    row = (
        ProcessParty.objects.filter(
            process_id=payload.get("p"), party_id=payload.get("y"), role=Role.CO_TENANT
        )
        .select_related("party", "process__template", "process__ticket", "process__current_step__template")
        .first()
    )
    if row is None:
        raise LinkInvalid()
    return row.process, row.party


def consent_step(process: Process) -> ProcessStep | None:
    return process.steps.filter(template__code=STEP).select_related("template").order_by("-pk").first()


def answer_of(process: Process, party: Party) -> str:
    step = consent_step(process)
    return ((step.data or {}).get("answers") or {}).get(str(party.pk), "") if step else ""


def agreed_text(process: Process, language: str) -> str:
    data = process.data or {}
    texts = data.get("consent_texts") or data.get("notice_texts") or {}
    return texts.get(language) or texts.get("de", "")


@transaction.atomic
def consent_answer(
    process: Process,
    party: Party,
    *,
    agreed: bool,
    language: str,
    ip_address: str | None = None,
    user_agent: str = "",
) -> None:
    """The co-tenant's answer. Agreeing signs the text shown in `language`; the engine refuses an answer
    when the step is no longer active (StepNotActive) or the process has ended."""
    step = consent_step(process)
    if step is None or step.state != ProcessStep.State.ACTIVE:
        raise ProcessError(_("Diese Zustimmung ist nicht mehr offen."))
    if answer_of(process, party):
        raise ProcessError(_("Sie haben bereits geantwortet."))
    text = agreed_text(process, language)
    if agreed:
        signatures.sign(
            text.encode(),
            document_label=f"{process.template.name_de} {process.ticket.reference} ({language})",
            signer_name=party.display_name,
            role=Role.CO_TENANT,
            party=party,
            process=process,
            step=step,
            ip_address=ip_address,
            user_agent=user_agent,
        )
    engine.complete(process, STEP, actor=Actor.for_party(party), outcome="agreed" if agreed else "refused")


def consent_rows(process: Process) -> list[ConsentRow]:
    """Each co-tenant with their answer and signature, for the tenant's, the co-tenant's and staff's
    pages (two queries)."""
    step = consent_step(process)
    answers = ((step.data or {}).get("answers") or {}) if step else {}
    signed = {}
    if step is not None:
        for signature in Signature.objects.filter(step=step, party__isnull=False):
            signed[signature.party_id] = signature
    parties = ProcessParty.objects.filter(process=process, role=Role.CO_TENANT, party__isnull=False)
    return [
        ConsentRow(
            party=row.party, answer=answers.get(str(row.party_id), ""), signature=signed.get(row.party_id)
        )
        for row in parties.select_related("party").order_by("pk")
    ]
