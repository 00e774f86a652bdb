"""A home modification from the tenant's request to the record for move-out: files checked, a decision
that needs its reason or conditions on every page, the letters to the tenant, and the open records the
inspector of a later end of tenancy is shown."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notifications.models import OutboxMessage
from processes import engine, modification
from processes.errors import OutcomeRequired
from processes.models import Process
from tests.factories import UnitFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def request_(templates, tenant):
    drawing = modification.clean_drawing(SimpleUploadedFile("grundriss.pdf", PDF, "application/pdf"))
    return modification.request_submit(
        party=tenant,
        title="Bodengleiche Dusche",
        room="Bad",
        description="Die Badewanne soll einer bodengleichen Dusche weichen, Einbau durch Fachbetrieb.",
        files=[drawing],
    )


def staff(case_worker) -> Actor:
    return Actor.for_user(case_worker)


def test_the_request_waits_for_the_decision_with_its_drawing(request_, tenant):
    assert request_.ticket.reporter == tenant and request_.ticket.unit == tenant.tenancies.get().unit
    assert request_.current_step.template.code == "decision"
    assert request_.current_step.due_at is not None
    assert request_.ticket.attachments.get().original_name == "grundriss.pdf"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<html>nope</html>", "weder ein Foto"),
        (PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /JS (app.alert(1)) >>"), "Skripte"),
        (b"", "leer"),
    ],
)
def test_a_drawing_that_is_no_plain_pdf_is_refused(content, message):
    from tickets.uploads import UploadRefused

    with pytest.raises(UploadRefused) as refused:
        modification.clean_drawing(SimpleUploadedFile("plan.pdf", content, "application/pdf"))
    assert message in str(refused.value.message)


@pytest.mark.parametrize(
    "outcome, error",
    [("no", modification.ReasonRequired), ("yes_with_conditions", modification.ConditionsRequired)],
)
def test_a_decision_without_its_reason_or_conditions_is_refused(request_, case_worker, outcome, error):
    with pytest.raises(error):
        modification.decide(request_, actor=staff(case_worker), outcome=outcome)
    request_.refresh_from_db()
    assert request_.current_step.template.code == "decision"


def test_the_generic_process_page_cannot_skip_the_reason_either(request_, case_worker):
    with pytest.raises(OutcomeRequired):
        engine.complete(request_, "decision", actor=staff(case_worker), outcome="no")
    request_.refresh_from_db()
    assert request_.is_running and not OutboxMessage.objects.filter(kind="modification_decision").exists()


def test_a_refusal_ends_the_request_with_a_letter_giving_the_reason(request_, tenant, case_worker):
    modification.decide(
        request_, actor=staff(case_worker), outcome="no", reason="Statik der Decke lässt es nicht zu."
    )
    request_.refresh_from_db()
    assert request_.state == Process.State.DONE and request_.outcome == "no"
    letter = OutboxMessage.objects.get(kind="modification_decision")
    assert letter.recipient_party == tenant and letter.channel == OutboxMessage.Channel.LETTER
    assert letter.letter["context"]["reason"] == "Statik der Decke lässt es nicht zu."


def _through_to_record(process, case_worker, *, record: str) -> Process:
    modification.decide(
        process,
        actor=staff(case_worker),
        outcome="yes_with_conditions",
        conditions="Nur durch einen Meisterbetrieb.",
    )
    engine.complete(process, "conditions_letter", actor=staff(case_worker))
    engine.complete(process, "check_inspection", actor=staff(case_worker), outcome="passed")
    engine.complete(process, "record", actor=staff(case_worker), outcome=record)
    process.refresh_from_db()
    return process


def test_conditions_go_as_a_letter_and_the_record_is_open_for_move_out(request_, tenant, case_worker):
    process = _through_to_record(request_, case_worker, record="remove_at_move_out")
    conditions = OutboxMessage.objects.get(kind="modification_conditions")
    assert conditions.letter["context"]["conditions"] == "Nur durch einen Meisterbetrieb."
    assert OutboxMessage.objects.filter(kind="modification_record", recipient_party=tenant).exists()
    [record] = modification.open_records(process.ticket.unit)
    assert record.reference == process.ticket.reference
    assert record.must_be_removed and record.title == "Bodengleiche Dusche" and record.room == "Bad"
    assert modification.open_records(UnitFactory()) == []


@pytest.mark.pdf
def test_the_conditions_letter_reads_as_a_letter_to_the_tenant(request_, tenant, case_worker):
    from pypdf import PdfReader

    from notifications.process_mail import cases
    from tests.browser.conftest import ARTIFACTS

    modification.decide(
        request_,
        actor=staff(case_worker),
        outcome="yes_with_conditions",
        conditions="Nur durch einen Meisterbetrieb.",
    )
    pdf = cases.letter_pdf(OutboxMessage.objects.get(kind="modification_conditions"))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "letter-modification_conditions.pdf").write_bytes(pdf)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Bodengleiche Dusche" in text and "Meisterbetrieb" in text and tenant.last_name in text


def test_a_refused_request_is_no_record(request_, case_worker):
    modification.decide(request_, actor=staff(case_worker), outcome="no", reason="Nein.")
    assert modification.open_records(request_.ticket.unit) == []


def test_the_kuendigung_page_shows_the_records_of_the_flat(client, request_, tenant, case_worker):
    _through_to_record(request_, case_worker, record="taken_over")
    notice = engine.start(
        "kuendigung", actor=staff(case_worker), reporter_party=tenant, parties={"tenant": tenant}
    )
    client.force_login(case_worker)
    text = client.get(reverse("backoffice:process", args=[notice.ticket.reference])).content.decode()
    assert "Bauliche Veränderungen der Wohnung" in text and "Bodengleiche Dusche" in text
    assert "übernommen" in text


# --- the pages ----------------------------------------------------------------------------------------


def test_the_tenant_requests_with_a_drawing_and_a_photo(client, templates, tenant):
    client.force_login(tenant.user)
    response = client.post(
        reverse("portal:modification_request"),
        {
            "title": "Markise am Balkon",
            "room": "Balkon",
            "description": "Eine Kassettenmarkise, 3 m breit, Montage durch Fachbetrieb.",
            "drawings": [SimpleUploadedFile("skizze.pdf", PDF, "application/pdf")],
            "photos": [SimpleUploadedFile("balkon.png", png(), "image/png")],
        },
    )
    ticket = tenant.reported_tickets.get()
    assert response.status_code == 302 and ticket.attachments.count() == 2


def test_a_request_with_a_bad_file_keeps_nothing_and_says_why(client, templates, tenant):
    client.force_login(tenant.user)
    response = client.post(
        reverse("portal:modification_request"),
        {
            "title": "Markise",
            "description": "Markise.",
            "drawings": [SimpleUploadedFile("skizze.pdf", b"<script>", "application/pdf")],
        },
    )
    assert response.status_code == 400
    assert "weder ein Foto" in response.content.decode()
    assert not tenant.reported_tickets.exists()


@pytest.mark.parametrize(
    "language, words",
    [("de", ["Auflagen", "Meisterbetrieb"]), ("en", ["Conditions"]), ("nl", ["Voorwaarden"])],
)
def test_the_tenant_reads_decision_and_conditions_letter_in_their_language(
    client, request_, tenant, case_worker, language, words
):
    modification.decide(
        request_,
        actor=staff(case_worker),
        outcome="yes_with_conditions",
        conditions="Nur durch einen Meisterbetrieb.",
    )
    client.force_login(tenant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = client.get(reverse("portal:modification", args=[request_.ticket.reference])).content.decode()
    letter = OutboxMessage.objects.get(kind="modification_conditions")
    assert reverse("portal:case_letter", args=[request_.ticket.reference, letter.pk]) in text
    for word in words:
        assert word in text


def test_staff_decide_on_their_page_and_a_refusal_needs_a_reason(client, request_, case_worker):
    client.force_login(case_worker)
    page = reverse("backoffice:modification_case", args=[request_.ticket.reference])
    assert "Entscheidung speichern" in client.get(page).content.decode()
    url = reverse("backoffice:modification_decide", args=[request_.ticket.reference])
    response = client.post(url, {"version": request_.version, "outcome": "no", "reason": ""})
    assert response.status_code == 400 and "Bitte begründen Sie die Ablehnung" in response.content.decode()
    response = client.post(url, {"version": request_.version, "outcome": "no", "reason": "Denkmalschutz."})
    assert response.status_code == 302
    stale = client.post(url, {"version": request_.version, "outcome": "yes"})
    assert stale.status_code in (400, 409)


def test_another_tenant_gets_404_on_the_request(client, request_, other_tenant):
    client.force_login(other_tenant.user)
    assert client.get(reverse("portal:modification", args=[request_.ticket.reference])).status_code == 404


def test_staff_mark_the_conditions_letter_sent_from_their_page(client, request_, case_worker):
    modification.decide(
        request_, actor=staff(case_worker), outcome="yes_with_conditions", conditions="Nur Fachbetrieb."
    )
    request_.refresh_from_db()
    client.force_login(case_worker)
    url = reverse("backoffice:modification_case", args=[request_.ticket.reference])
    page = client.get(url).content.decode()
    action = reverse("backoffice:process_step", args=[request_.ticket.reference, "conditions_letter"])
    assert action in page
    assert client.post(action, {"version": request_.version}).status_code == 302
    request_.refresh_from_db()
    assert request_.current_step.template.code == "check_inspection"
