"""Namensänderung end to end through the pages: the tenant asks with a proof, staff see old and new with
the proof and approve under the process's version; the name changes with its history, the ERP finds the
change request, the tenant gets the mail and the confirmation letter. Bad files, a refusal and a stale
page leave the data whole."""

import pytest
from django.urls import reverse

from contracts.models import ContractChange
from estate.models import Document
from notifications.models import OutboxMessage
from processes import engine
from tests.letters.pdftools import page_texts
from tickets.actors import Actor
from tickets.models import Attachment, ChangeRequest

from .conftest import client_for, jpeg, pdf_upload

pytestmark = pytest.mark.django_db


def _ask(tenant, **files):
    return client_for(tenant.user).post(
        reverse("portal:contract_name"), {"last_name": "Musterfrau", "first_name": "", **files}
    )


def _approve(case_worker, change, version=None):
    change.process.refresh_from_db()
    return client_for(case_worker).post(
        reverse("backoffice:contract_change_approve", args=[change.pk]),
        {"version": change.process.version if version is None else version},
    )


@pytest.mark.pdf
def test_name_change_with_proof_approved_by_staff(tenant, case_worker):
    answer = _ask(tenant, proof=jpeg())
    assert answer.status_code == 302
    change = ContractChange.objects.get()
    request = change.change_request
    assert request.kind == ChangeRequest.Kind.NAME and request.state == ChangeRequest.State.PENDING
    assert request.old_values["last_name"] == "Mustermann" and request.new_values["last_name"] == "Musterfrau"
    assert Attachment.objects.filter(ticket=change.process.ticket).count() == 1

    staff = client_for(case_worker)
    page = staff.get(reverse("backoffice:contract_change", args=[change.pk])).content.decode()
    assert "Mustermann" in page and "Musterfrau" in page and "urkunde.jpg" in page
    assert "Änderung freigeben" in page

    assert _approve(case_worker, change).status_code == 302
    tenant.refresh_from_db()
    assert tenant.display_name == "Erika Musterfrau"
    request.refresh_from_db()
    assert request.state == ChangeRequest.State.APPROVED and request.decided_by == case_worker
    assert request.booked_at is None  # the ERP books it through GET /api/v1/change-requests
    change.refresh_from_db()
    assert change.state == ContractChange.State.APPROVED and change.process.state == "done"

    mail = OutboxMessage.objects.get(kind="change_request_decided", recipient_party=tenant)
    assert "Namensänderung" in mail.subject
    letter = Document.objects.get(party=tenant, kind="vertragsaenderung")
    text = page_texts(letter.file.read())[0]
    assert "Bestätigung Ihrer Namensänderung" in text
    assert "Erika Mustermann" in text and "Erika Musterfrau" in text

    person = client_for(case_worker).get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    assert "Erika Mustermann → Erika Musterfrau" in person and "Sachbearbeiterin" in person
    portal = client_for(tenant.user).get(reverse("portal:contract_changes")).content.decode()
    assert "Namensänderung" in portal and "freigegeben" in portal


def test_a_pdf_with_a_script_is_refused_and_nothing_is_stored(tenant):
    evil = pdf_upload(b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n")
    answer = _ask(tenant, proof=evil)
    assert answer.status_code == 400
    assert "enthält Skripte" in answer.content.decode()
    assert not ContractChange.objects.exists() and not ChangeRequest.objects.exists()


def test_a_file_that_is_neither_photo_nor_pdf_is_refused(tenant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = _ask(tenant, proof=SimpleUploadedFile("urkunde.html", b"<script>alert(1)</script>"))
    assert answer.status_code == 400
    assert "kein Foto" in answer.content.decode()
    assert not ContractChange.objects.exists()


def test_without_proof_the_form_says_what_is_missing(tenant):
    answer = _ask(tenant)
    assert answer.status_code == 400
    assert "Bitte laden Sie einen Nachweis hoch" in answer.content.decode()
    assert not ContractChange.objects.exists()


def test_refused_change_leaves_the_name_whole_and_tells_why(tenant, case_worker):
    _ask(tenant, proof=pdf_upload())
    change = ContractChange.objects.get()
    change.process.refresh_from_db()
    refused = client_for(case_worker).post(
        reverse("backoffice:contract_change_reject", args=[change.pk]),
        {"version": change.process.version, "reason": "Die Urkunde ist nicht lesbar."},
    )
    assert refused.status_code == 302
    tenant.refresh_from_db()
    assert tenant.display_name == "Erika Mustermann"
    assert change.change_request.__class__.objects.get().state == ChangeRequest.State.REJECTED
    mail = OutboxMessage.objects.get(kind="change_request_decided", recipient_party=tenant)
    assert "Die Urkunde ist nicht lesbar." in mail.body_text
    portal = client_for(tenant.user).get(reverse("portal:contract_changes")).content.decode()
    assert "abgelehnt" in portal and "Die Urkunde ist nicht lesbar." in portal


def test_refusal_without_reason_is_a_400(tenant, case_worker):
    _ask(tenant, proof=pdf_upload())
    change = ContractChange.objects.get()
    change.process.refresh_from_db()
    answer = client_for(case_worker).post(
        reverse("backoffice:contract_change_reject", args=[change.pk]), {"version": change.process.version}
    )
    assert answer.status_code == 400
    assert ContractChange.objects.get().state == ContractChange.State.PENDING


def test_stale_approval_is_refused_with_409(tenant, case_worker):
    _ask(tenant, proof=pdf_upload())
    change = ContractChange.objects.get()
    change.process.refresh_from_db()
    loaded = change.process.version
    engine.update_data(change.process, actor=Actor.for_user(case_worker), data={"note": "Rückruf"})
    answer = _approve(case_worker, change, version=loaded)
    assert answer.status_code == 409
    assert "in der Zwischenzeit geändert" in answer.content.decode()
    tenant.refresh_from_db()
    assert tenant.display_name == "Erika Mustermann"
    assert ContractChange.objects.get().state == ContractChange.State.PENDING


def test_a_second_name_change_waits_for_the_first(tenant):
    _ask(tenant, proof=pdf_upload())
    answer = _ask(tenant, proof=pdf_upload())
    assert answer.status_code == 409
    assert "wartet bereits" in answer.content.decode()
    assert ContractChange.objects.count() == 1


def test_approving_on_the_freigaben_page_completes_the_process(tenant, case_worker):
    _ask(tenant, proof=pdf_upload())
    change = ContractChange.objects.get()
    approve = reverse("backoffice:approval_approve", args=[change.change_request_id])
    answer = client_for(case_worker).post(approve)
    assert answer.status_code == 302
    change.refresh_from_db()
    assert change.state == ContractChange.State.APPROVED and change.process.state == "done"
    tenant.refresh_from_db()
    assert tenant.last_name == "Musterfrau"


def test_the_decision_mail_greets_the_tenant_by_the_new_name(tenant, case_worker):
    _ask(tenant, proof=pdf_upload())
    assert _approve(case_worker, ContractChange.objects.get()).status_code == 302
    mail = OutboxMessage.objects.get(kind="change_request_decided", recipient_party=tenant)
    assert mail.body_text.startswith("Guten Tag Erika Musterfrau,")
    assert "Mustermann" not in mail.body_text
