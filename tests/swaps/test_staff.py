"""The staff's page: a failed check is released only with a reason (kept in the timeline), a stale page
answers 409 with nothing stored, the pre-checks cannot be finished while one fails; the pages of a swap
answer 404 to a tenant who is not in it; the lists read a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMessage
from payments.arrears import arrear_report
from processes import engine
from processes.models import Process
from swaps import checks, services
from swaps.models import SwapCheck
from tickets.actors import Actor
from tickets.event_text import describe
from tickets.models import TicketEvent

from .conftest import wished

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_arrears(confirmed, partner):
    arrear_report(partner, amount=Decimal("0.01"), reported_by="ERP")
    checks.check_all(confirmed)
    return SwapCheck.objects.get(swap=confirmed, party=partner, code="arrears")


def version_of(swap) -> int:
    return Process.objects.get(pk=swap.process_id).version


def override_url(swap, check) -> str:
    return reverse("backoffice:swap_check_override", args=[swap.reference, check.pk])


def test_staff_see_each_check_with_its_reason(client, in_arrears, confirmed, case_worker):
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:swap", args=[confirmed.reference])).content.decode()
    assert "Es bestehen Mietrückstände." in page and "Trotzdem freigeben" in page
    assert "Vorprüfung abschließen" not in page


def test_a_release_without_reason_is_refused_and_nothing_stored(client, in_arrears, confirmed, case_worker):
    client.force_login(case_worker)
    answer = client.post(
        override_url(confirmed, in_arrears), {"version": version_of(confirmed), "reason": "  "}
    )
    assert answer.status_code == 400
    assert "Bitte begründen Sie" in answer.content.decode()
    in_arrears.refresh_from_db()
    assert not in_arrears.ok and in_arrears.override_reason == ""
    assert not TicketEvent.objects.filter(data__action="swap_check_overridden").exists()


def test_a_release_with_reason_is_kept_in_the_timeline(client, in_arrears, confirmed, case_worker):
    client.force_login(case_worker)
    reason = "Der Cent-Betrag ist eine Rundungsdifferenz."
    answer = client.post(
        override_url(confirmed, in_arrears), {"version": version_of(confirmed), "reason": reason}
    )
    assert answer.status_code == 302
    in_arrears.refresh_from_db()
    assert in_arrears.ok and in_arrears.overridden_by == case_worker and in_arrears.override_reason == reason
    event = TicketEvent.objects.get(data__action="swap_check_overridden")
    assert event.data["override_reason"] == reason and not event.is_public
    assert event.data["failed_reason"] == "Es bestehen Mietrückstände."
    # The timeline row reads, for staff: the check, whose, and why.
    title, lines = describe(event, for_staff=True)
    assert title.startswith("Vorgang")
    assert f"Vorprüfung freigegeben: Keine Mietrückstände (Bernd Brandt) – {reason}" in " ".join(lines)
    page = client.get(reverse("backoffice:swap", args=[confirmed.reference])).content.decode()
    assert "Vorprüfung abschließen" in page


def test_a_stale_release_answers_409(client, in_arrears, confirmed, case_worker):
    client.force_login(case_worker)
    stale = version_of(confirmed) - 1
    answer = client.post(override_url(confirmed, in_arrears), {"version": stale, "reason": "Rundung."})
    assert answer.status_code == 409
    in_arrears.refresh_from_db()
    assert not in_arrears.ok


def test_the_checks_cannot_be_finished_while_one_fails(client, in_arrears, confirmed, case_worker):
    client.force_login(case_worker)
    url = reverse("backoffice:swap_checks", args=[confirmed.reference])
    answer = client.post(url, {"version": version_of(confirmed), "action": "finish"})
    assert answer.status_code == 400
    assert "Nicht alle Vorprüfungen" in answer.content.decode()
    assert Process.objects.get(pk=confirmed.process_id).current_step.template.code == "pre_checks"


def at_decision(swap, case_worker):
    staff = Actor.for_user(case_worker)
    services.checks_failed(swap, actor=staff)
    return Process.objects.get(pk=swap.process_id)


def test_a_stale_decision_answers_409_and_sends_nothing(client, confirmed, case_worker):
    process = at_decision(confirmed, case_worker)
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:swap_decide", args=[confirmed.reference]),
        {"version": process.version - 1, "outcome": "no", "reason": "Zu klein."},
    )
    assert answer.status_code == 409
    assert "in der Zwischenzeit geändert" in answer.content.decode()
    process.refresh_from_db()
    assert process.current_step.template.code == "decision"
    assert not OutboxMessage.objects.filter(kind__startswith="swap_decision").exists()


def test_approval_needs_the_terms_of_each_new_tenancy(client, confirmed, case_worker):
    services.checks_finish(confirmed, actor=Actor.for_user(case_worker))
    process = Process.objects.get(pk=confirmed.process_id)
    staff = Actor.for_user(case_worker)
    for code in (
        "applicant_home_appointment",
        "applicant_home_inspection",
        "partner_home_appointment",
        "partner_home_inspection",
    ):
        engine.complete(process, code, actor=staff)
    process.refresh_from_db()
    client.force_login(case_worker)
    swap_date = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    answer = client.post(
        reverse("backoffice:swap_decide", args=[confirmed.reference]),
        {"version": process.version, "outcome": "yes", "reason": "Passt.", "swap_date": swap_date},
    )
    assert answer.status_code == 400
    assert "der neue Mietvertrag braucht diese Angabe" in answer.content.decode()
    process.refresh_from_db()
    assert process.current_step.template.code == "decision"


def test_a_tenant_outside_the_swap_gets_404(client, confirmed, other_tenant):
    client.force_login(other_tenant.user)
    assert client.get(reverse("portal:swap", args=[confirmed.reference])).status_code == 404


def test_the_person_page_reads_swaps_in_one_query_whatever_their_number(
    client, confirmed, applicant, case_worker, django_assert_num_queries
):
    """The 360° view at 1 and at 3 swaps of the same person: the same number of queries."""
    staff = Actor.for_user(case_worker)
    engine.cancel(Process.objects.get(pk=confirmed.process_id), actor=staff, reason="Zurückgezogen.")
    client.force_login(case_worker)
    url = reverse("backoffice:person", args=[applicant.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(2):
        found = services.partner_tenancy(contract_number="W-200-7", last_name="Brandt", applicant=applicant)
        swap = services.swap_apply(
            applicant=applicant,
            actor=Actor.for_party(applicant),
            household=2,
            wished_date=wished(),
            partner=found,
        )
        engine.cancel(swap.process, actor=staff, reason="Zurückgezogen.")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("/backoffice/wohnungstausch/") == 3


def test_the_portal_page_reads_a_fixed_number_of_queries(
    client, confirmed, applicant, django_assert_num_queries
):
    client.force_login(applicant.user)
    url = reverse("portal:swap", args=[confirmed.reference])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for check in SwapCheck.objects.filter(swap=confirmed):
        check.passed = False
        check.save()
    with django_assert_num_queries(len(before.captured_queries)):
        assert "in Klärung" in client.get(url).content.decode()


def test_the_process_pages_lead_to_the_swap_pages(client, confirmed, applicant, case_worker):
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:process", args=[confirmed.reference])).content.decode()
    assert reverse("backoffice:swap", args=[confirmed.reference]) in page
    client.force_login(applicant.user)
    page = client.get(reverse("portal:process", args=[confirmed.reference])).content.decode()
    assert reverse("portal:swap", args=[confirmed.reference]) in page
