"""Bauliche Veränderung durch Mieter (template `bauliche_veraenderung`, Dutch ZAV): the tenant's request
with drawings and photos, the company's decision within its deadline (yes, yes with conditions, no with a
reason), the check afterwards, and the record whether the company takes the change over or it must be
removed at move-out, which the inspector of a later end of tenancy is shown (`open_records`).

    request_submit(*, party, title, room, description, files) -> Process
    clean_drawing(upload) -> Drawing                  a PDF drawing, checked (images go via tickets.uploads)
    decide(process, *, actor, outcome, conditions="", reason="", version=None) -> ProcessStep
    decision_of(process) -> dict                      outcome, conditions, reason
    open_records(unit) -> list[ModificationRecord]    taken over or to be removed at move-out
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estate.models import Party, Tenancy, Unit
from tickets.actors import Actor
from tickets.attachments import attachment_store, display_name
from tickets.uploads import UploadRefused

from . import engine
from .errors import OutcomeRequired, ProcessError
from .models import Process, ProcessStep, Role, outcome_label
from .notice import co_tenants, current_tenancy

TEMPLATE = "bauliche_veraenderung"
YES, WITH_CONDITIONS, NO = "yes", "yes_with_conditions", "no"
TAKEN_OVER, REMOVE = "taken_over", "remove_at_move_out"
MAX_FILES = 8
# Markers of active content: a drawing is a picture, nothing in it should run or launch.
PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/OpenAction", b"/AA")


class NoHome(ProcessError):
    default_message = gettext_lazy("Für Sie ist keine Wohnung hinterlegt, die Sie verändern könnten.")


class ReasonRequired(OutcomeRequired):
    default_message = gettext_lazy("Bitte begründen Sie die Ablehnung; die Begründung geht an den Mieter.")


class ConditionsRequired(OutcomeRequired):
    default_message = gettext_lazy("Bitte nennen Sie die Auflagen; sie gehen als Brief an den Mieter.")


@dataclass(frozen=True)
class Drawing:
    name: str
    content: bytes
    content_type: str = "application/pdf"
    thumbnail: bytes = b""


def _home_of(party: Party) -> tuple[Tenancy | None, list[Party]]:
    """The party's current tenancy and the other tenants of that contract (who see the request too)."""
    tenancy = current_tenancy(party)
    return (tenancy, co_tenants(tenancy)) if tenancy is not None else (None, [])


def is_modification(process: Process) -> bool:
    return process.template.code == TEMPLATE


def clean_drawing(upload) -> Drawing:
    """A PDF drawing: really a PDF, within the upload limit, without scripts, actions or files inside."""
    name = display_name(upload.name, default=str(_("Zeichnung")))
    if not upload.size:
        raise UploadRefused(_("Die Datei „%(name)s“ ist leer.") % {"name": name})
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise UploadRefused(_("Die Datei „%(name)s“ ist zu groß.") % {"name": name})
    content = upload.read()
    if not content.startswith(b"%PDF-"):
        raise UploadRefused(
            _("„%(name)s“ ist weder ein Foto (JPEG, PNG, WebP) noch ein PDF.") % {"name": name}
        )
    if any(marker in content for marker in PDF_ACTIVE):
        raise UploadRefused(
            _("„%(name)s“ enthält Skripte oder eingebettete Dateien. Bitte als einfaches PDF speichern.")
            % {"name": name}
        )
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    return Drawing(name=name, content=content)


@transaction.atomic
def request_submit(*, party: Party, title: str, room: str, description: str, files=()) -> Process:
    """The tenant's request: the process starts for their home (co-tenants of the contract see it too),
    the files go on its ticket, and the request step is done; the decision's deadline runs."""
    tenancy, others = _home_of(party)
    if tenancy is None:
        raise NoHome()
    if not title.strip() or not description.strip():
        raise ProcessError(_("Bitte sagen Sie, was Sie verändern möchten, und beschreiben Sie es."))
    if len(files) > MAX_FILES:
        raise ProcessError(_("Höchstens %(count)s Dateien je Antrag.") % {"count": MAX_FILES})
    actor = Actor.for_party(party)
    parties = {Role.TENANT: party, **({Role.CO_TENANT: others} if others else {})}
    text = f"{title.strip()}\n\n{description.strip()}"
    process = engine.start(
        TEMPLATE, actor=actor, reporter_party=party, parties=parties, unit=tenancy.unit, description=text
    )
    for file in files:
        attachment_store(
            ticket=process.ticket,
            content=file.content,
            name=file.name,
            content_type=file.content_type,
            actor=actor,
            is_public=True,
            thumbnail=getattr(file, "thumbnail", b""),
        )
    request = {"title": title.strip()[:200], "room": room.strip()[:100], "files": len(files)}
    engine.complete(process, "request", actor=actor, data={"modification": request})
    return process


def check_decision(outcome: str, data: dict) -> None:
    """A "no" needs its reason and a "yes with conditions" its conditions, whichever page decides
    (the note of the generic process page counts as either)."""
    text = (data.get("reason") or data.get("conditions") or data.get("note") or "").strip()
    if outcome == NO and not text:
        raise ReasonRequired()
    if outcome == WITH_CONDITIONS and not text:
        raise ConditionsRequired()


def decide(
    process: Process,
    *,
    actor: Actor,
    outcome: str,
    conditions: str = "",
    reason: str = "",
    version: int | None = None,
) -> ProcessStep:
    if outcome not in (YES, WITH_CONDITIONS, NO):
        raise OutcomeRequired()
    data = {"conditions": conditions.strip()} if outcome == WITH_CONDITIONS else {}
    if outcome == NO:
        data = {"reason": reason.strip()}
    check_decision(outcome, data)
    return engine.complete(process, "decision", actor=actor, outcome=outcome, data=data, version=version)


def on_step_completed(sender, *, process: Process, step: ProcessStep, **kwargs) -> None:
    """The guard for every page: refuses (and so rolls back) a decision without its reason or conditions."""
    if is_modification(process) and step.template.code == "decision":
        check_decision(step.outcome, step.data or {})


def decision_of(process: Process) -> dict:
    """The decision as the tenant reads it: outcome (with its label), conditions or reason, when."""
    step = (
        process.steps.filter(template__code="decision", state=ProcessStep.State.DONE)
        .order_by("-done_at")
        .first()
    )
    if step is None:
        return {}
    data = step.data or {}
    text = (data.get("conditions") or data.get("reason") or data.get("note") or "").strip()
    return {
        "outcome": step.outcome,
        "label": outcome_label(step.outcome),
        "conditions": text if step.outcome == WITH_CONDITIONS else "",
        "reason": text if step.outcome == NO else "",
        "decided_at": step.done_at,
    }


def request_of(process: Process) -> dict:
    return dict((process.data or {}).get("modification") or {})


@dataclass(frozen=True)
class ModificationRecord:
    """A tenant's change that outlives the decision: the company took it over, or it goes at move-out."""

    reference: str
    title: str
    room: str
    outcome: str
    outcome_label: str
    conditions: str
    recorded_at: dt.datetime | None

    @property
    def must_be_removed(self) -> bool:
        return self.outcome == REMOVE


def open_records(unit: Unit) -> list[ModificationRecord]:
    """The modifications of `unit` ended with a record, newest first: what the inspector of an end of
    tenancy must check (remove_at_move_out) or leave (taken_over)."""
    processes = (
        Process.objects.filter(
            template__code=TEMPLATE,
            ticket__unit=unit,
            state=Process.State.DONE,
            outcome__in=[TAKEN_OVER, REMOVE],
        )
        .select_related("ticket", "template")
        .order_by("-ended_at")
    )
    records = []
    for process in processes:
        request, decision = request_of(process), decision_of(process)
        records.append(
            ModificationRecord(
                reference=process.ticket.reference,
                title=request.get("title") or process.ticket.description.split("\n", 1)[0],
                room=request.get("room", ""),
                outcome=process.outcome,
                outcome_label=outcome_label(process.outcome),
                conditions=decision.get("conditions", ""),
                recorded_at=process.ended_at,
            )
        )
    return records
