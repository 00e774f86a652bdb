"""Where certificates react to what happened elsewhere (connected at start-up): a tenancy begins (a
concluded letting, a co-tenant moving in) or ends (a confirmed Kündigung, a co-tenant leaving), and the
Wohnungsgeberbestätigung is written; the review process's issue step ends, and the certificate follows.

The other apps are not called: their facts (letting.signals, processes.signals) are read here, the
co-tenant changes by their templates' stable step codes. The Wohnungsgeberbestätigung is written after the
change has committed, in its own transaction: a failed rendering is logged and never undoes the tenancy."""

import datetime as dt
import logging

from django.db import transaction

from estate.models import Party, Tenancy
from letting.signals import letting_concluded
from processes import own_forms
from processes.access import tenants_of
from processes.models import Process, ProcessStep
from processes.signals import process_ended, step_completed
from tickets.models import ChangeRequest

from . import services
from .models import Certificate
from .standard import ISSUE, TEMPLATE

log = logging.getLogger(__name__)
Event = Certificate.Event

NOTICE, NOTICE_CONFIRMED = ("kuendigung", "confirmation"), "confirmed"
CO_TENANT_IN, CO_TENANT_OUT, APPROVED = "mitmieter_aufnahme", "mitmieter_entlassung", "yes"


def _write_later(tenancy_id: int, event: str, event_date: dt.date, person_ids: list[int] | None) -> None:
    def write() -> None:
        tenancy = Tenancy.objects.select_related("party", "unit__building").filter(pk=tenancy_id).first()
        if tenancy is None:
            return
        persons = None
        if person_ids is not None:
            by_id = Party.objects.in_bulk(person_ids)
            persons = [by_id[pk] for pk in person_ids if pk in by_id] or None
        try:
            services.registration_issue(tenancy=tenancy, event=event, event_date=event_date, persons=persons)
        except Exception:
            log.exception(
                "Wohnungsgeberbestätigung for tenancy %s (%s %s) not written", tenancy_id, event, event_date
            )

    transaction.on_commit(write, robust=True)


def on_letting_concluded(sender, *, letting, **kwargs) -> None:
    if letting.tenancy_id:
        _write_later(letting.tenancy_id, Event.MOVE_IN, letting.start, None)


def _notice_confirmed(process: Process) -> None:
    move_out = dt.date.fromisoformat(process.data["move_out_date"])
    tenants = tenants_of(process)
    ids = [p.pk for p in tenants]
    for tenant in tenants:
        tenancy = (
            Tenancy.objects.filter(party=tenant, start__lte=move_out)
            .filter(
                **({"unit_id": process.ticket.unit_id} if process.ticket.unit_id else {"unit__kind": "flat"})
            )
            .order_by("-start", "-pk")
            .first()
        )
        if tenancy is not None:
            _write_later(tenancy.pk, Event.MOVE_OUT, move_out, ids)


def _co_tenant_changed(process: Process, *, moving_in: bool) -> None:
    request = ChangeRequest.objects.filter(ticket_id=process.ticket_id).order_by("-pk").first()
    values = request.new_values if request else {}
    if not values.get("person_id") or not values.get("date"):
        return
    day = dt.date.fromisoformat(values["date"])
    rows = Tenancy.objects.filter(party_id=values["person_id"], unit_id=process.ticket.unit_id)
    tenancy = (rows.filter(start=day) if moving_in else rows.filter(end=day)).order_by("-pk").first()
    if tenancy is not None:
        _write_later(tenancy.pk, Event.MOVE_IN if moving_in else Event.MOVE_OUT, day, [tenancy.party_id])


def on_step_completed(sender, *, process: Process, step: ProcessStep, actor, **kwargs) -> None:
    template, code = process.template.code, step.template.code
    if (template, code) == (TEMPLATE, ISSUE):
        services.on_issue_step(process=process, step=step, actor=actor)
    elif (
        (template, code) == NOTICE and step.outcome == NOTICE_CONFIRMED and process.data.get("move_out_date")
    ):
        _notice_confirmed(process)
    elif template in (CO_TENANT_IN, CO_TENANT_OUT) and code == "approval" and step.outcome == APPROVED:
        _co_tenant_changed(process, moving_in=template == CO_TENANT_IN)


def on_process_ended(sender, *, process: Process, actor, **kwargs) -> None:
    if process.state == Process.State.CANCELLED and process.template.code == TEMPLATE:
        services.on_process_cancelled(process=process, actor=actor)


def connect() -> None:
    letting_concluded.connect(on_letting_concluded, dispatch_uid="certificates.letting_concluded")
    step_completed.connect(on_step_completed, dispatch_uid="certificates.step_completed")
    process_ended.connect(on_process_ended, dispatch_uid="certificates.process_ended")
    # The generic process page cannot issue a certificate without its figures: it links to ours.
    own_forms.declare(TEMPLATE, ISSUE, needs=("decided",), staff_page="backoffice:certificate_for_ticket")
