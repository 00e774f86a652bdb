"""Text blocks from the admin replace a letter's built-in wording, with their placeholders filled."""

import pytest

from notifications.letters import render_letters
from notifications.letters.specs import letter_for_document, letter_for_ticket_confirmation
from notifications.letters.texts import fill
from notifications.models import LetterText
from tests.letters.pdftools import page_texts


@pytest.mark.pdf
def test_text_block_replaces_subject_and_paragraphs_with_placeholders_filled(umlaut_ticket):
    LetterText.objects.create(
        kind="confirmation",
        language="de",
        subject="Wir haben Ihre Meldung {reference}",
        paragraphs="Liebe(r) {tenant_name},\n\ndanke für die Meldung zu {property}.",
    )

    (text,) = page_texts(render_letters([letter_for_ticket_confirmation(umlaut_ticket)]))

    assert "Wir haben Ihre Meldung 2026-000123" in text
    assert "Liebe(r) Jürgen-Ödön Süßmann-Äbelö," in text
    assert f"danke für die Meldung zu {umlaut_ticket.place_display}." in text
    assert "vielen Dank für Ihre Meldung" not in text


@pytest.mark.pdf
def test_without_a_block_in_the_letters_language_the_template_wording_stays(tenant):
    LetterText.objects.create(kind="document_cover", language="en", paragraphs="Please find {title}.")

    (text,) = page_texts(render_letters([letter_for_document(tenant, title="Mietbescheinigung")]))

    assert "wie gewünscht erhalten Sie anbei „Mietbescheinigung“." in text
    assert "Please find" not in text


def test_unknown_placeholders_stay_and_attributes_are_not_reached():
    assert fill("{reference} {nope} {reference.__class__}", {"reference": "2026-1"}) == (
        "2026-1 {nope} {reference.__class__}"
    )
