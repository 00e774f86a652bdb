"""Deadlines in working days over weekends and the public holidays of the property's state."""

import datetime as dt

import pytest
from django.utils import timezone

from processes import engine
from processes.deadlines import step_due_at
from processes.models import StepTemplate
from tickets.actors import Actor
from tickets.due import add_working_days


@pytest.mark.parametrize(
    ("start", "days", "state", "expected"),
    [
        (dt.date(2026, 11, 27), 1, "BE", dt.date(2026, 11, 30)),  # Friday + 1 = Monday
        (dt.date(2026, 4, 2), 1, "BE", dt.date(2026, 4, 7)),  # Good Friday and Easter Monday
        (dt.date(2026, 12, 23), 2, "BE", dt.date(2026, 12, 28)),  # Christmas
        (dt.date(2026, 10, 30), 1, "BE", dt.date(2026, 11, 2)),  # Friday
        (dt.date(2026, 10, 30), 1, "BY", dt.date(2026, 11, 2)),
        (dt.date(2026, 11, 17), 1, "SN", dt.date(2026, 11, 19)),  # Buß- und Bettag in Saxony only
        (dt.date(2026, 11, 17), 1, "BE", dt.date(2026, 11, 18)),
        (dt.date(2026, 4, 7), -1, "BE", dt.date(2026, 4, 2)),  # backwards over Easter
        (dt.date(2026, 11, 28), 0, "BE", dt.date(2026, 11, 30)),  # a Saturday moves to Monday
    ],
)
def test_working_days(start, days, state, expected):
    assert add_working_days(start, days, state=state) == expected


@pytest.mark.django_db
def test_a_step_counts_back_from_the_move_out_date(templates, tenant, co_tenant, case_worker):
    process = engine.start(
        "kuendigung",
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"tenant": tenant, "co_tenant": co_tenant},
        data={"move_out_date": "2026-04-07"},
    )
    pre = StepTemplate.objects.get(template__code="kuendigung", code="pre_inspection")  # 10 days before
    due = timezone.localtime(step_due_at(process, pre, started=timezone.now()))

    # 10 working days before Tuesday 7 April 2026, over Easter Monday and Good Friday.
    assert due.date() == dt.date(2026, 3, 20)
    assert due.hour == 16


@pytest.mark.django_db
def test_a_step_without_the_date_it_counts_from_has_no_deadline(templates, tenant):
    process = engine.start("kuendigung", actor=Actor.for_party(tenant), reporter_party=tenant)
    pre = StepTemplate.objects.get(template__code="kuendigung", code="pre_inspection")
    assert step_due_at(process, pre, started=timezone.now()) is None


@pytest.mark.django_db
def test_a_later_move_out_date_moves_the_deadline(templates, tenant, case_worker):
    staff = Actor.for_user(case_worker)
    process = engine.start(
        "kuendigung",
        actor=staff,
        reporter_party=tenant,
        parties={"tenant": tenant},
        data={"move_out_date": "2027-01-29"},
    )
    engine.complete(process, "notice_form", actor=staff)
    engine.skip(process, "co_tenant_consent", actor=staff)
    engine.complete(process, "confirmation", actor=staff, outcome="confirmed")
    engine.complete(process, "confirmation_letter", actor=staff)
    before = process.current_step.due_at

    engine.update_data(process, actor=staff, data={"move_out_date": "2027-02-26"})

    process.ticket.refresh_from_db()
    assert process.current_step.due_at > before
    assert process.ticket.due_at == process.current_step.due_at
