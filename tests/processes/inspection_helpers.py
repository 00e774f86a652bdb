"""A notice of tenancy brought to its pre-inspection appointment, for the inspection tests."""

import datetime as dt

from django.utils import timezone

from processes import engine, inspections
from tickets.actors import Actor


def notice_at_appointment(tenant, case_worker, *, move_out: dt.date | None = None, co_tenant=None):
    move_out = move_out or (timezone.localdate() + dt.timedelta(days=90))
    parties = {"tenant": tenant, "case_worker": case_worker}
    if co_tenant is not None:
        parties["co_tenant"] = co_tenant
    process = engine.start(
        "kuendigung", actor=Actor.for_party(tenant), reporter_party=tenant, parties=parties
    )
    staff = Actor.for_user(case_worker)
    engine.complete(
        process, "notice_form", actor=Actor.for_party(tenant), data={"move_out_date": move_out.isoformat()}
    )
    engine.skip(process, "co_tenant_consent", actor=staff)
    engine.complete(process, "confirmation", actor=staff, outcome="confirmed")
    engine.complete(process, "confirmation_letter", actor=staff)
    assert process.current_step.code == "pre_inspection_appointment"
    return process


def offer(process, case_worker, inspector, *, days=7, hour=10, step_code="pre_inspection_appointment"):
    start = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=days
    )
    return inspections.slot_publish(
        process,
        actor=Actor.for_user(case_worker),
        step_code=step_code,
        inspector=inspector,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
