import pytest
from django.urls import reverse
from django.utils import translation

from estate.salutations import salutation_for
from tests.factories import CategoryFactory, PartyFactory, TicketFactory
from tickets.models import Attachment, Message
from tickets.textblocks import render_text_block

from .factories import StandardAttachmentFactory, TextBlockFactory


@pytest.fixture
def ticket(db):
    reporter = PartyFactory(salutation="Frau", first_name="Erika", last_name="Mustermann", language="en")
    return TicketFactory(reporter=reporter)


def _url(name, ticket):
    return reverse(f"backoffice:{name}", args=[ticket.reference])


def test_block_is_filled_in_the_tenants_language_without_the_signature(case_worker, ticket):
    case_worker.signature = "Mit freundlichen Grüßen\nSabine Sachbearbeiterin"
    block = TextBlockFactory(
        body_de="{salutation}, Ihre Meldung {reference}.",
        body_en="{salutation}, your report {reference} at {property}. {staff_name}",
    )
    text = render_text_block(block, ticket, case_worker)
    # The salutation comes from the one rule for it (estate.salutations), translated by the locale catalogs.
    with translation.override("en"):
        salutation = salutation_for(ticket.reporter).rstrip(",")
    assert text.startswith(f"{salutation}, your report {ticket.reference} at {ticket.property}.")
    # Every reply gets the signature when it is sent (notifications.reply_frame), not only a block.
    assert "Mit freundlichen Grüßen" not in text


def test_unknown_placeholders_and_stray_braces_stay_visible(case_worker, ticket):
    block = TextBlockFactory(body_en="Hello {tenant_name} {iban} {0} { } {reference:>20} {")
    text = render_text_block(block, ticket, case_worker)
    assert text == "Hello Erika Mustermann {iban} {0} { } {reference:>20} {"


def test_german_tenant_without_translation_gets_the_german_text(case_worker, db):
    ticket = TicketFactory(reporter=PartyFactory(salutation="Herr", last_name="Meier", language="nl"))
    block = TextBlockFactory(body_de="{salutation},", body_nl="")
    assert render_text_block(block, ticket, case_worker).startswith("Sehr geehrter Herr Meier")


def test_picking_a_block_prefills_the_reply(staff_client, ticket):
    block = TextBlockFactory(body_en="Thank you, {tenant_name}.")
    page = staff_client.get(_url("ticket", ticket), {"baustein": block.pk}).content.decode()
    assert "Thank you, Erika Mustermann." in page


def test_htmx_keeps_the_typed_text_in_front_of_the_block(staff_client, ticket):
    block = TextBlockFactory(body_en="Thank you, {tenant_name}.")
    response = staff_client.get(
        _url("ticket", ticket), {"baustein": block.pk, "body": "Vorab:"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.startswith("<textarea")
    assert "Vorab:\n\nThank you, Erika Mustermann." in html


def test_only_blocks_of_the_tickets_category_are_offered(staff_client, ticket):
    TextBlockFactory(title="Für alle")
    TextBlockFactory(title="Passend", category=ticket.category)
    TextBlockFactory(title="Andere Kategorie", category=CategoryFactory())
    TextBlockFactory(title="Abgeschaltet", active=False)
    page = staff_client.get(_url("ticket", ticket)).content.decode()
    assert "Für alle" in page and "Passend" in page
    assert "Andere Kategorie" not in page and "Abgeschaltet" not in page


def test_a_block_of_another_category_is_not_filled_in(staff_client, ticket):
    block = TextBlockFactory(body_en="Geheim", category=CategoryFactory())
    response = staff_client.get(_url("ticket", ticket), {"baustein": block.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert ticket.reference in page and 'id="id_body"' in page
    assert "Geheim" not in page


def test_standard_attachments_are_copied_onto_the_reply(staff_client, ticket, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rules = StandardAttachmentFactory(title="Hausordnung")
    StandardAttachmentFactory(title="Alt", active=False)
    data = {"kind": "public", "body": "Anbei die Hausordnung.", "version": ticket.version}
    response = staff_client.post(_url("message", ticket), {**data, "standard_attachments": [rules.pk]})
    assert response.status_code == 302
    message = Message.objects.get(ticket=ticket)
    copy = Attachment.objects.get(message=message)
    assert (copy.original_name, copy.content_type, copy.is_public) == (
        "hausordnung.pdf",
        "application/pdf",
        True,
    )
    assert copy.file.read() == b"%PDF-1.4 Hausordnung"
    assert copy.file.name != rules.file.name


def test_tenant_downloads_the_attached_standard_file(staff_client, client, tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ticket = TicketFactory(reporter=tenant)
    rules = StandardAttachmentFactory()
    data = {"kind": "public", "body": "Anbei.", "version": 1, "standard_attachments": [rules.pk]}
    staff_client.post(_url("message", ticket), data)
    copy = Attachment.objects.get(ticket=ticket)
    client.force_login(tenant.user)
    response = client.get(reverse("portal:attachment", args=[copy.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 Hausordnung"


def test_an_inactive_standard_attachment_is_refused(staff_client, ticket):
    old = StandardAttachmentFactory(active=False)
    data = {"kind": "public", "body": "Anbei.", "version": 1, "standard_attachments": [old.pk]}
    assert staff_client.post(_url("message", ticket), data).status_code == 400
    assert not Message.objects.filter(ticket=ticket).exists()


def test_htmx_with_an_unknown_block_keeps_the_typed_text(staff_client, ticket):
    response = staff_client.get(
        _url("ticket", ticket),
        {"baustein": "999999", "body": "Schon getippt"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.startswith("<textarea") and "Schon getippt" in html


def test_the_attached_file_shows_in_the_timeline_with_a_download_link(
    staff_client, ticket, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rules = StandardAttachmentFactory()
    data = {"kind": "public", "body": "Anbei.", "version": 1, "standard_attachments": [rules.pk]}
    staff_client.post(_url("message", ticket), data)
    copy = Attachment.objects.get(ticket=ticket)
    page = staff_client.get(_url("ticket", ticket)).content.decode()
    assert f'href="{reverse("portal:attachment", args=[copy.pk])}">hausordnung.pdf</a>' in page
