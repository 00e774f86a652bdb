"""A tenant asks for a document: the three ways a catalog item can meet the request."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from notifications import documents, printing
from notifications.models import OutboxMessage, PrintBatch
from tests.factories import (
    CatalogItemFactory,
    DocumentFactory,
    ResponsibilityFactory,
    StaffFactory,
    TicketFactory,
)
from tests.letters.pdftools import page_texts, save_previews
from tickets import documents as tickets_documents
from tickets.actors import Actor
from tickets.models import TicketEvent
from tickets.status import Status


@pytest.fixture
def document_item(case_worker):
    def make(delivery: str):
        item = CatalogItemFactory(
            name_de="Mietbescheinigung", document_delivery=delivery, document_kind="mietbescheinigung"
        )
        ResponsibilityFactory(item=item, user=case_worker)
        return item

    return make


@pytest.mark.pdf
def test_batch_way_writes_a_cover_letter_the_nightly_batch_prints(report, document_item, tenant):
    ticket = report(item=document_item("batch"), description="Bitte eine Mietbescheinigung.")

    letter = ticket.outbox_messages.get(channel=OutboxMessage.Channel.LETTER)
    assert letter.state == OutboxMessage.State.PENDING and letter.recipient_party == tenant
    batch = printing.print_batch_create(enqueue=False)
    assert printing.print_batch_render(batch_id=batch.pk)
    batch.refresh_from_db()
    text = page_texts(batch.file.read())[1]
    assert "Ihre angeforderte Unterlage: Mietbescheinigung" in text
    assert "Erika Mustermann" in text
    assert ticket.status == Status.OPEN  # staff close it once the document is in the envelope


def test_download_way_closes_the_ticket_when_the_document_exists(report, document_item, tenant):
    document = DocumentFactory(party=tenant, kind="mietbescheinigung", title="Mietbescheinigung 2026")

    ticket = report(item=document_item("download"), description="Bitte eine Mietbescheinigung.")

    ticket.refresh_from_db()
    assert ticket.status == Status.DONE
    assert tickets_documents.available_for(ticket) == document
    event = ticket.events.get(kind=TicketEvent.Kind.STATUS, data__new=Status.DONE)
    assert "Mietbescheinigung 2026" in event.data["reason"] and event.actor_label == "System"
    assert not ticket.outbox_messages.filter(channel=OutboxMessage.Channel.LETTER).exists()


def test_download_way_leaves_the_ticket_open_without_a_document(report, document_item, tenant, other_tenant):
    DocumentFactory(party=other_tenant, kind="mietbescheinigung")
    DocumentFactory(party=tenant, kind="betriebskosten")

    ticket = report(item=document_item("download"), description="Bitte eine Mietbescheinigung.")

    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert tickets_documents.available_for(ticket) is None


@pytest.mark.pdf
def test_staff_way_prints_the_letter_at_once_and_tells_the_tenant(
    report, document_item, case_worker, django_capture_on_commit_callbacks
):
    ticket = report(item=document_item("staff"), description="Bitte eine Mietbescheinigung.")
    assert not ticket.outbox_messages.filter(channel=OutboxMessage.Channel.LETTER).exists()

    with django_capture_on_commit_callbacks(execute=True):
        batch = documents.document_request_print(ticket=ticket, actor=Actor.for_user(case_worker))

    batch.refresh_from_db()
    assert batch.state == PrintBatch.State.DONE and batch.created_by == case_worker
    pdf = batch.file.read()
    save_previews(pdf, "document-cover")
    (page,) = page_texts(pdf)  # no cover sheet for a single letter
    assert "Ihre angeforderte Unterlage: Mietbescheinigung" in page
    assert ticket.outbox_messages.get(kind="document_posted").channel == OutboxMessage.Channel.EMAIL
    assert ticket.events.filter(kind=TicketEvent.Kind.LETTER, actor=case_worker).exists()
    assert printing.print_batch_create(enqueue=False) is None  # not printed again at night


@pytest.mark.pdf
def test_case_worker_prints_from_the_ticket_and_downloads_the_letter(
    client, report, document_item, case_worker, django_capture_on_commit_callbacks
):
    ticket = report(item=document_item("staff"), description="Bitte eine Mietbescheinigung.")
    client.force_login(case_worker)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:document_print", args=[ticket.reference]))

    batch = PrintBatch.objects.get()
    assert response.url == reverse("backoffice:print_batch", args=[batch.pk])
    pdf = client.get(reverse("backoffice:print_batch_pdf", args=[batch.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    client.force_login(StaffFactory())
    assert client.get(reverse("backoffice:print_batch_pdf", args=[batch.pk])).status_code == 404
    assert client.get(reverse("backoffice:document_print", args=[ticket.reference])).status_code == 405


def test_ticket_without_a_known_reporter_cannot_be_printed(client, document_item, case_worker, unit):
    ticket = TicketFactory(item=document_item("staff"), reporter=None, reporter_name="Herr Nachbar")
    client.force_login(case_worker)

    response = client.post(reverse("backoffice:document_print", args=[ticket.reference]), follow=True)

    assert "keine Person mit Postanschrift" in response.text
    assert not PrintBatch.objects.exists()


def test_ticket_page_button_shows_only_for_items_staff_print(rf, report, document_item, case_worker):
    request = rf.get("/")
    request.user = case_worker
    template = "backoffice/print_batches/_document_print_button.html"

    staff_ticket = report(item=document_item("staff"), description="Bitte eine Mietbescheinigung.")
    html = render_to_string(template, {"ticket": staff_ticket}, request=request)
    assert "Dokument drucken und versenden" in html
    assert reverse("backoffice:document_print", args=[staff_ticket.reference]) in html
    batch_ticket = report(item=document_item("batch"), description="Bitte eine Mietbescheinigung.")
    assert "Dokument drucken" not in render_to_string(template, {"ticket": batch_ticket}, request=request)


def test_ticket_page_offers_printing_for_items_staff_print(client, report, document_item, case_worker):
    ticket = report(item=document_item("staff"), description="Bitte eine Mietbescheinigung.")
    client.force_login(case_worker)

    page = client.get(reverse("backoffice:ticket", args=[ticket.reference])).text

    assert reverse("backoffice:document_print", args=[ticket.reference]) in page
