import pytest

from notifications.letters import render_letter
from notifications.letters.specs import letter_for_ticket_confirmation
from tests.letters.pdftools import page_texts, page_words, save_previews

pytestmark = pytest.mark.pdf


def test_confirmation_names_the_tenant_the_address_and_the_reference(umlaut_ticket):
    pdf = render_letter(letter_for_ticket_confirmation(umlaut_ticket))
    save_previews(pdf, "confirmation")

    (text,) = page_texts(pdf)
    assert "Frau Jürgen-Ödön Süßmann-Äbelö" in text
    assert "Größere Querstraße 7a" in text
    assert "13353 Berlin" in text
    assert "Eingangsbestätigung zu Ihrer Meldung 2026-000123" in text
    assert "Sehr geehrte Frau Süßmann-Äbelö," in text
    assert "Seite 1 von 1" in text


def test_recipient_address_sits_in_the_window(umlaut_ticket):
    pdf = render_letter(letter_for_ticket_confirmation(umlaut_ticket))

    (words,) = page_words(pdf)
    # The first (topmost) occurrence of each address word; the street also appears lower in the body.
    address = [
        min((w for w in words if w.text == t), key=lambda w: w.top)
        for t in ("Süßmann-Äbelö", "Querstraße", "13353")
    ]
    for word in address:
        # DIN 5008 form B: the window spans 20-105 mm from the left and 45-90 mm from the top.
        assert word.left >= 20 and word.right <= 105, word
        assert word.top >= 45 and word.bottom <= 90, word


def test_reference_appears_in_the_information_block_right_of_the_window(umlaut_ticket):
    pdf = render_letter(letter_for_ticket_confirmation(umlaut_ticket))

    (words,) = page_words(pdf)
    label = next(w for w in words if w.text == "Zeichen")
    reference = next(w for w in words if w.text == "2026-000123" and abs(w.top - label.top) < 1)
    assert reference.left >= 125
    assert 45 <= reference.top <= 90
