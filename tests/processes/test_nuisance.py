"""A nuisance case from both sides: the complainant's facts are forced, the log is theirs alone, the
accused is a neighbour of the same property, and a letter to the accused never names the complainant."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.process_mail import cases
from processes import engine, nuisance
from processes.errors import ProcessEnded, ProcessError, StepNotAllowed
from tests.browser.conftest import ARTIFACTS
from tests.factories import PartyFactory, TenancyFactory, UnitFactory
from tickets.actors import Actor
from tickets.models import Visibility

pytestmark = pytest.mark.django_db

COMPLAINT = "Seit Wochen dröhnt nachts laute Bassmusik durch die Decke, ich kann nicht mehr schlafen."
LOG_TEXT = "Wieder Bassmusik bis halb drei, die Gläser im Schrank haben geklirrt."


def facts(**changes) -> dict:
    return {
        "kind": "laerm",
        "times": ["nachts"],
        "frequency": "mehrmals_woche",
        "since": timezone.localdate() - dt.timedelta(days=30),
        "spoke_to_neighbour": True,
        "talk_result": "Er hat nur gelacht.",
        "neighbour": "Herr im 3. OG rechts",
    } | changes


@pytest.fixture
def case(templates, tenant):
    return nuisance.complaint_submit(party=tenant, facts=facts(), description=COMPLAINT)


@pytest.fixture
def with_accused(case, case_worker, neighbour):
    nuisance.accused_set(case, actor=Actor.for_user(case_worker), party=neighbour)
    return case


def test_the_complaint_starts_a_private_case_waiting_for_the_log_review(case, tenant):
    assert case.ticket.reporter == tenant
    assert case.ticket.visibility == Visibility.PRIVATE
    assert case.current_step.template.code == "nuisance_log"
    assert case.data["complaint"]["kind"] == "laerm"
    assert case.data["complaint"]["spoke_to_neighbour"] is True
    assert set(case.parties.values_list("role", flat=True)) == {"complainant"}


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"kind": "krach"}, "Art von Störung"),
        ({"times": []}, "wann die Störung"),
        ({"frequency": ""}, "wie oft"),
        ({"since": timezone.localdate() + dt.timedelta(days=2)}, "seit wann"),
        ({"spoke_to_neighbour": None}, "gesprochen"),
        ({"neighbour": "  "}, "wer die Störung"),
    ],
)
def test_a_complaint_without_its_facts_is_refused_and_nothing_is_stored(templates, tenant, bad, message):
    with pytest.raises(ProcessError) as refused:
        nuisance.complaint_submit(party=tenant, facts=facts(**bad), description=COMPLAINT)
    assert message in str(refused.value.message)
    assert not tenant.reported_tickets.exists()


def test_the_complainant_keeps_the_log_and_only_they_and_staff_read_it(case, tenant, neighbour, case_worker):
    entry = nuisance.log_add(
        case,
        party=tenant,
        occurred_on=timezone.localdate(),
        occurred_at=dt.time(2, 30),
        duration_minutes=90,
        description=LOG_TEXT,
    )
    nuisance.accused_set(case, actor=Actor.for_user(case_worker), party=neighbour)
    assert nuisance.log_for(case, tenant.user) == [entry]
    assert nuisance.log_for(case, case_worker) == [entry]
    assert nuisance.log_for(case, neighbour.user) == []
    row = case.ticket.events.filter(data__action="nuisance_log_added").get()
    assert row.is_public  # on the complainant's own, private ticket


def test_the_accused_cannot_write_into_the_log(with_accused, neighbour):
    with pytest.raises(StepNotAllowed):
        nuisance.log_add(with_accused, party=neighbour, occurred_on=timezone.localdate(), description="x")


def test_no_log_entry_in_the_future_or_after_the_end(case, tenant, case_worker):
    with pytest.raises(ProcessError):
        nuisance.log_add(
            case, party=tenant, occurred_on=timezone.localdate() + dt.timedelta(days=1), description="x"
        )
    engine.complete(case, "nuisance_log", actor=Actor.for_user(case_worker), outcome="resolved")
    case.refresh_from_db()
    with pytest.raises(ProcessEnded):
        nuisance.log_add(case, party=tenant, occurred_on=timezone.localdate(), description="x")
    assert not case.nuisance_log.exists()


def test_the_accused_must_live_in_the_same_property_and_is_not_the_complainant(case, tenant, case_worker):
    staff = Actor.for_user(case_worker)
    elsewhere = TenancyFactory(unit=UnitFactory(), party=PartyFactory(last_name="Fern")).party
    with pytest.raises(nuisance.NotANeighbour):
        nuisance.accused_set(case, actor=staff, party=elsewhere)
    with pytest.raises(nuisance.AccusedIsComplainant):
        nuisance.accused_set(case, actor=staff, party=tenant)
    assert not case.parties.filter(role="accused").exists()


def test_staff_find_the_neighbour_by_name_or_unit_never_the_complainant(case, neighbour):
    found = [party for party, _unit in nuisance.accused_candidates(case, "Meier")]
    assert found == [neighbour]
    assert nuisance.accused_candidates(case, "Mustermann") == []


@pytest.mark.parametrize(
    "text, refused",
    [
        ("Laute Musik nach 22 Uhr, mehrfach beobachtet.", False),
        ("Frau Mustermann hat sich beschwert.", True),
        ("Die Mieterin Erika Mustermann ist gestört.", True),
        ("dröhnt nachts laute Bassmusik durch die Decke", True),  # a quote of the complaint
        ("Gläser im Schrank haben geklirrt", True),  # a quote of the log
    ],
)
def test_a_letter_text_that_reveals_the_complainant_is_caught(case, tenant, text, refused):
    nuisance.log_add(case, party=tenant, occurred_on=timezone.localdate(), description=LOG_TEXT)
    assert bool(nuisance.reveals_complainant(case, text)) is refused


def test_the_unit_of_the_complainant_is_caught(case, tenant):
    unit = tenant.tenancies.get().unit
    assert nuisance.reveals_complainant(case, f"Aus Wohnung {unit.number} kam eine Beschwerde.")


def _to_talk(process, case_worker):
    engine.complete(process, "nuisance_log", actor=Actor.for_user(case_worker), outcome="escalate")
    process.refresh_from_db()
    return process


def test_an_invitation_naming_the_complainant_is_refused_and_nothing_is_written(with_accused, case_worker):
    process = _to_talk(with_accused, case_worker)
    with pytest.raises(ProcessError):
        cases.accused_letter(
            process,
            stage="talk",
            actor=Actor.for_user(case_worker),
            day=timezone.localdate() + dt.timedelta(days=7),
            time=dt.time(10),
            where="Geschäftsstelle",
            text="Frau Mustermann kommt auch.",
        )
    assert not OutboxMessage.objects.filter(kind="nuisance_talk").exists()


def test_a_letter_needs_the_accused_and_its_stage(case, case_worker):
    staff = Actor.for_user(case_worker)
    with pytest.raises(ProcessError):
        cases.accused_letter(case, stage="warning", actor=staff, text="Lärm")
    process = _to_talk(case, case_worker)
    with pytest.raises(ProcessError):
        cases.accused_letter(process, stage="talk", actor=staff, day=timezone.localdate(), time=dt.time(9))


@pytest.mark.pdf
def test_the_invitation_and_the_warning_never_show_the_complainant(
    with_accused, tenant, neighbour, case_worker
):
    """The rendered letters, as the accused reads them: their own name and home, the kind of disturbance,
    and nothing of who complained or what they wrote."""
    from pypdf import PdfReader

    nuisance.log_add(with_accused, party=tenant, occurred_on=timezone.localdate(), description=LOG_TEXT)
    process = _to_talk(with_accused, case_worker)
    staff = Actor.for_user(case_worker)
    talk = cases.accused_letter(
        process,
        stage="talk",
        actor=staff,
        day=timezone.localdate() + dt.timedelta(days=7),
        time=dt.time(10, 30),
        where="Geschäftsstelle, Raum 2",
    )
    engine.complete(process, "talk", actor=staff, outcome="escalate")
    process.refresh_from_db()
    warning = cases.accused_letter(
        process, stage="warning", actor=staff, text="Laute Musik in der Nachtruhe zwischen 22 und 6 Uhr."
    )
    complainant_home = tenant.tenancies.get().unit
    ARTIFACTS.mkdir(exist_ok=True)
    for message in (talk, warning):
        assert message.recipient_party == neighbour
        pdf = cases.letter_pdf(message)
        (ARTIFACTS / f"letter-{message.kind}.pdf").write_bytes(pdf)
        text = _pdf_text(PdfReader, pdf)
        assert "Meier" in text and "Lärm" in text
        for secret in ("Mustermann", "Erika", "Bassmusik", "geklirrt", "gelacht", "3. OG rechts"):
            assert secret not in text, secret
        assert f"({complainant_home.number})" not in text
    assert "Abmahnung" in _pdf_text(PdfReader, cases.letter_pdf(warning))


def _pdf_text(reader_class, pdf: bytes) -> str:
    import io

    return " ".join(page.extract_text() for page in reader_class(io.BytesIO(pdf)).pages)


def test_the_accused_hears_by_mail_without_a_word_of_the_complaint(with_accused, neighbour, case_worker):
    neighbour.email = "max.meier@example.org"
    neighbour.save()
    process = _to_talk(with_accused, case_worker)
    cases.accused_letter(
        process,
        stage="talk",
        actor=Actor.for_user(case_worker),
        day=timezone.localdate() + dt.timedelta(days=3),
        time=dt.time(9),
        where="Geschäftsstelle",
    )
    mail = OutboxMessage.objects.get(kind="process_letter_notice", recipient_party=neighbour)
    for secret in ("Mustermann", "Erika", "Bassmusik", "3. OG rechts"):
        assert secret not in mail.body_text + mail.body_html + mail.subject


def test_the_accused_answering_our_mail_never_writes_into_the_complainants_ticket(
    with_accused, neighbour, case_worker, settings, tmp_path
):
    """The reply threads to the case by our signed address, but the accused is no party of that ticket:
    it waits in the mailbox for staff, and the complainant reads nothing of it."""
    from notifications import emails
    from notifications.inbound import inbound_receive_raw
    from notifications.models import InboundMail

    settings.MEDIA_ROOT = tmp_path
    neighbour.email = "max.meier@example.org"
    neighbour.save()
    process = _to_talk(with_accused, case_worker)
    cases.accused_letter(
        process,
        stage="talk",
        actor=Actor.for_user(case_worker),
        day=timezone.localdate() + dt.timedelta(days=3),
        time=dt.time(9),
        where="Geschäftsstelle",
    )
    to = emails.reply_address(ticket_id=process.ticket_id, recipient=neighbour.email)
    raw = (
        f"From: {neighbour.email}\r\nTo: {to}\r\nSubject: Re: Einladung\r\nMessage-ID: <a-1@mail.example>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nIch war das nicht!\r\n"
    ).encode()
    result = inbound_receive_raw(raw=raw)
    assert isinstance(result, InboundMail) and result.hold == InboundMail.Hold.UNKNOWN_SENDER
    assert not process.ticket.messages.filter(body__contains="Ich war das nicht").exists()
