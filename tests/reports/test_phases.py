"""Phase times from a ticket's timeline: what counts as the first response, release, acceptance and
completion, a reopened ticket, and the share within the due times."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from reports.facts import Step, fact_values

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = dt.datetime(2025, 3, 3, 8, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def eight_to_four(settings):
    settings.WORKING_HOURS = (8, 16)


def ticket(**changes):
    fields = dict(
        created_at=MONDAY,
        property_id=1,
        unit=None,
        unit_id=None,
        item_id=1,
        category_id=1,
        team_id=None,
        contractor_id=None,
        channel="portal",
        status="done",
        respond_by=MONDAY + dt.timedelta(hours=4),
        due_at=MONDAY + dt.timedelta(days=3),
    )
    return SimpleNamespace(**{**fields, **changes})


def status(hours: float, old: str, new: str) -> Step:
    return Step("status", MONDAY + dt.timedelta(hours=hours), {"old": old, "new": new})


def test_first_public_reply_is_the_first_response():
    steps = [
        Step("message", MONDAY + dt.timedelta(hours=1), {"message_kind": "internal"}),
        Step("message", MONDAY + dt.timedelta(hours=3), {"message_kind": "public"}),
    ]
    values = fact_values(ticket(status="open"), steps, state="BE")
    assert values["hours_to_response"] == 3
    assert values["responded_in_time"] is True


def test_phases_in_working_hours_over_a_weekend():
    # Released Monday 10:00, accepted Monday 15:00, done Friday 15:00 + weekend, reported Monday 08:00.
    steps = [
        status(2, "open", "released"),
        Step("contractor", MONDAY + dt.timedelta(hours=7), {"step": "accepted"}),
        Step(
            "contractor",
            MONDAY + dt.timedelta(hours=8),
            {"step": "appointment", "at": (MONDAY + dt.timedelta(days=1, hours=2)).isoformat()},
        ),
        status(24 * 7 + 2, "in_progress", "done"),  # the next Monday 10:00
    ]
    values = fact_values(ticket(), steps, state="BE")
    assert values["hours_to_response"] == 2
    assert values["hours_to_release"] == 2
    assert values["hours_to_accept"] == 5
    assert values["hours_to_appointment"] == 8  # Monday 10:00 to Tuesday 10:00
    assert values["hours_to_done"] == 5 * 8 + 2  # five working days plus two hours, the weekend skipped
    assert values["done_in_time"] is False


def test_a_reopened_ticket_counts_to_its_last_completion():
    steps = [status(1, "open", "done"), status(9, "done", "open"), status(26, "open", "done")]
    values = fact_values(ticket(), steps, state="BE")
    assert values["reopened_count"] == 1
    assert values["reopened_at"] == MONDAY + dt.timedelta(hours=9)
    assert values["hours_to_done"] == 10  # Monday 8 hours, Tuesday 08:00 to 10:00
    assert values["done_at"] == MONDAY + dt.timedelta(hours=26)


def test_a_reopened_ticket_still_open_has_no_completion():
    values = fact_values(
        ticket(status="open"), [status(1, "open", "done"), status(2, "done", "open")], state="BE"
    )
    assert values["done_at"] is None and values["hours_to_done"] is None and values["done_in_time"] is None


def test_a_holiday_between_report_and_completion_does_not_count():
    good_friday = dt.datetime(2025, 4, 17, 15, tzinfo=BERLIN)  # Thursday before Good Friday and Easter
    steps = [Step("status", dt.datetime(2025, 4, 22, 9, tzinfo=BERLIN), {"old": "open", "new": "done"})]
    values = fact_values(ticket(created_at=good_friday, due_at=None, respond_by=None), steps, state="BE")
    assert values["hours_to_done"] == 2  # Thursday 15-16, Tuesday 8-9; Friday to Monday are off
    assert values["done_in_time"] is None


def test_a_new_release_drops_the_previous_contractors_acceptance():
    steps = [
        status(1, "open", "released"),
        Step("contractor", MONDAY + dt.timedelta(hours=2), {"step": "accepted"}),
        status(3, "released", "open"),
        status(4, "open", "released"),
    ]
    values = fact_values(ticket(status="released"), steps, state="BE")
    assert values["accepted_at"] is None and values["hours_to_release"] == 1
