"""Both homes of a swap are inspected, each by its own inspector at its own time: every party sees the
home the appointment is for (the tenants' booking page and mails, the inspector's calendar and iCal feed,
the protocol page and the signed PDF), never the applicant's home for the partner's inspection, and each
protocol names the inspector who booked for that home, not the one of the latest time in the process."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.calendar import feed_token
from notifications.models import OutboxMessage
from processes import inspection_work
from processes.models import Process
from processes.protocol import protocol_hash
from swaps import services
from tests.factories import StaffFactory
from tests.letters.pdftools import page_texts
from tests.swaps.helpers import drawn_png
from tickets.actors import Actor

pytestmark = pytest.mark.django_db

APPLICANT_HOME, PARTNER_HOME = "Lindenweg 4", "Birkenallee 9"


@pytest.fixture
def inspectors(db):
    return (
        StaffFactory(first_name="Ines", last_name="Prüfer", roles=["Sachbearbeitung"]),
        StaffFactory(first_name="Otto", last_name="Abnehmer", roles=["Sachbearbeitung"]),
    )


def _offer(client, case_worker, reference, code, inspector, *, days):
    client.force_login(case_worker)
    starts = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=days)
    answer = client.post(
        reverse("backoffice:inspection_slot_offer", args=[reference, code]),
        {"inspector": inspector.pk, "starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "minutes": 60},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return starts


def _section(page: str, label: str) -> str:
    """The booking page's card of one appointment step."""
    start = page.index(f">{label}</h2>")
    end = page.find("</section>", start)
    return page[start:end]


def _book(client, tenant, reference, label):
    client.force_login(tenant.user)
    page = client.get(reverse("portal:inspection_booking", args=[reference])).content.decode()
    slot = re.search(r'name="slot" value="(\d+)"', _section(page, label)).group(1)
    answer = client.post(reverse("portal:inspection_book", args=[reference]), {"slot": slot})
    assert answer.status_code == 302


def _sign(process_pk, code, tenant, case_worker):
    protocol = inspection_work.inspection_for(Process.objects.get(pk=process_pk), code)
    seen = protocol_hash(protocol)
    staff = Actor.for_user(case_worker)
    inspection_work.protocol_sign(
        protocol, actor=staff, role="tenant", party=tenant, seen_hash=seen, image_png=drawn_png()
    )
    inspection_work.protocol_sign(
        protocol, actor=staff, role="inspector", seen_hash=seen, image_png=drawn_png()
    )
    protocol.refresh_from_db()
    return protocol


def _pdf_text(inspection) -> str:
    with inspection.document.file.open("rb") as stored:
        pdf = stored.read()
    return "\n".join(page_texts(pdf))


def _feed(client, user) -> str:
    client.logout()
    return client.get(reverse("backoffice:calendar_feed", args=[feed_token(user)])).content.decode()


def _unfolded(ical: str) -> str:
    return ical.replace("\r\n ", "").replace("\\,", ",")


def test_each_home_is_inspected_at_its_own_address_by_its_own_inspector(
    client, confirmed, applicant, partner, case_worker, inspectors
):
    ines, otto = inspectors
    reference = confirmed.reference
    services.checks_finish(confirmed, actor=Actor.for_user(case_worker))

    # The applicant's home: Ines, in nine days.
    applicant_day = _offer(client, case_worker, reference, "applicant_home_appointment", ines, days=9)
    _book(client, applicant, reference, "Termin Begehung Wohnung Antragsteller/in")
    client.force_login(applicant.user)
    page = client.get(reverse("portal:inspection_booking", args=[reference])).content.decode()
    card = _section(page, "Termin Begehung Wohnung Antragsteller/in")
    assert APPLICANT_HOME in card and PARTNER_HOME not in card and "Ines Prüfer" in card
    assert PARTNER_HOME in _section(page, "Termin Begehung Wohnung Tauschpartner/in")
    client.force_login(case_worker)
    staff_page = client.get(
        reverse("backoffice:inspection", args=[reference, "applicant_home_inspection"])
    ).content.decode()
    assert APPLICANT_HOME in staff_page and PARTNER_HOME not in staff_page
    first = _sign(confirmed.process_id, "applicant_home_inspection", applicant, case_worker)
    assert first.inspector == ines

    # The partner's home: Otto, in five days (earlier than Ines's time, which the latest of the process is).
    _offer(client, case_worker, reference, "partner_home_appointment", otto, days=5)
    invitation = OutboxMessage.objects.get(
        kind="inspection_slots_offered",
        recipient_party=partner,
        subject__endswith="Termin Begehung Wohnung Tauschpartner/in",
    )
    assert PARTNER_HOME in invitation.body_text and APPLICANT_HOME not in invitation.body_text
    client.force_login(case_worker)
    slots_page = client.get(
        reverse("backoffice:inspection_slots", args=[reference, "partner_home_appointment"])
    ).content.decode()
    assert PARTNER_HOME in slots_page and APPLICANT_HOME not in slots_page
    _book(client, partner, reference, "Termin Begehung Wohnung Tauschpartner/in")
    client.force_login(partner.user)
    page = client.get(reverse("portal:inspection_booking", args=[reference])).content.decode()
    card = _section(page, "Termin Begehung Wohnung Tauschpartner/in")
    assert PARTNER_HOME in card and APPLICANT_HOME not in card and "Otto Abnehmer" in card

    # The protocol page of the partner's home, before anyone signs: its own home, its own inspector.
    client.force_login(otto)
    staff_page = client.get(
        reverse("backoffice:inspection", args=[reference, "partner_home_inspection"])
    ).content.decode()
    assert PARTNER_HOME in staff_page and APPLICANT_HOME not in staff_page
    sign_page = client.get(
        reverse("backoffice:inspection_sign", args=[reference, "partner_home_inspection"])
    ).content.decode()
    assert PARTNER_HOME in sign_page and APPLICANT_HOME not in sign_page
    second = _sign(confirmed.process_id, "partner_home_inspection", partner, case_worker)
    assert second.inspector == otto
    assert Process.objects.get(pk=confirmed.process_id).current_step.template.code == "decision"

    # The signed PDFs: each its own home and inspector.
    first_text, second_text = _pdf_text(first), _pdf_text(second)
    assert APPLICANT_HOME in first_text and PARTNER_HOME not in first_text and "Ines Prüfer" in first_text
    assert (
        PARTNER_HOME in second_text and APPLICANT_HOME not in second_text and "Otto Abnehmer" in second_text
    )

    # The booking mails, and the mails carrying the protocols.
    for name, home, other in (
        ("Ines Prüfer", APPLICANT_HOME, PARTNER_HOME),
        ("Otto Abnehmer", PARTNER_HOME, APPLICANT_HOME),
    ):
        mails = [m for m in OutboxMessage.objects.filter(kind="inspection_booked") if name in m.body_text]
        assert mails and all(home in m.body_text and other not in m.body_text for m in mails)
    for label, home, other in (
        ("Begehung Wohnung Antragsteller/in", APPLICANT_HOME, PARTNER_HOME),
        ("Begehung Wohnung Tauschpartner/in", PARTNER_HOME, APPLICANT_HOME),
    ):
        mails = OutboxMessage.objects.filter(kind="inspection_protocol", subject__endswith=label)
        assert mails and all(home in m.body_text and other not in m.body_text for m in mails)

    # Each inspector's calendar and iCal feed: their own inspection, at that home.
    for inspector, home, other, day in (
        (ines, APPLICANT_HOME, PARTNER_HOME, applicant_day),
        (otto, PARTNER_HOME, APPLICANT_HOME, applicant_day - dt.timedelta(days=4)),
    ):
        client.force_login(inspector)
        week = client.get(reverse("backoffice:calendar"), {"datum": day.date().isoformat()}).content.decode()
        assert home in week and other not in week
        ical = _unfolded(_feed(client, inspector))
        events = ical.split("BEGIN:VEVENT")[1:]
        assert len(events) == 1 and "LOCATION:" in events[0] and home in events[0] and other not in events[0]


def test_each_applicant_reads_which_home_the_offered_times_are_for(
    client, confirmed, applicant, partner, case_worker, inspectors
):
    """Both applicants hear of both homes' times: "Ihre Wohnung" only to the one who lives there, the
    other reads the address of the home meant and that it is not theirs."""
    ines, otto = inspectors
    reference = confirmed.reference
    services.checks_finish(confirmed, actor=Actor.for_user(case_worker))
    _offer(client, case_worker, reference, "applicant_home_appointment", ines, days=9)
    _book(client, applicant, reference, "Termin Begehung Wohnung Antragsteller/in")
    _sign(confirmed.process_id, "applicant_home_inspection", applicant, case_worker)
    _offer(client, case_worker, reference, "partner_home_appointment", otto, days=5)

    for reader, own, other in (
        (applicant, APPLICANT_HOME, PARTNER_HOME),
        (partner, PARTNER_HOME, APPLICANT_HOME),
    ):
        offers = OutboxMessage.objects.filter(kind="inspection_slots_offered", recipient_party=reader)
        mine = [m for m in offers if own in m.body_text]
        theirs = [m for m in offers if other in m.body_text]
        assert len(mine) == 1 and len(theirs) == 1
        assert "Ihrer Wohnung" in mine[0].body_text and other not in mine[0].body_text
        assert mine[0].subject.startswith("[") and "Bitte wählen Sie Ihren Termin" in mine[0].subject
        text = theirs[0].body_text
        assert f"für die Begehung der Wohnung {other}" in text and own not in text
        assert "Ihrer Wohnung" not in text and "Ihre Wohnung" not in text
        assert "nicht um Ihre eigene Wohnung" in text and "Bitte wählen Sie" not in text
