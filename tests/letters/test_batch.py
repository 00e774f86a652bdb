import pytest

from notifications.letters import LetterSpec, render_letters
from tests.letters.pdftools import page_texts, save_previews

pytestmark = pytest.mark.pdf


def _letter(name: str, paragraphs: int = 1) -> LetterSpec:
    return LetterSpec(
        template="letters/document_cover.html",
        recipient=(name, "Lindenstraße 3", "10969 Berlin"),
        context={
            "salutation": f"Guten Tag {name},",
            "document": {"title": "Betriebskostenabrechnung 2025"},
            "paragraphs": ["Wir übersenden Ihnen die Abrechnung mit allen Belegen und Erläuterungen. " * 8]
            * paragraphs,
        },
    )


def test_batch_keeps_order_and_starts_each_letter_on_a_new_page():
    names = ["Anna Älbers", "Bernd Öztürk", "Clara Übel"]
    pdf = render_letters([_letter(name) for name in names])

    pages = page_texts(pdf)
    assert len(pages) == 3
    for page, name in zip(pages, names, strict=True):
        assert name in page
        assert "Seite 1 von 1" in page


def test_batch_in_chunks_is_still_one_pdf_in_order():
    names = [f"Mieterin Nummer {i}" for i in range(5)]
    pdf = render_letters([_letter(name) for name in names], chunk_size=2)

    pages = page_texts(pdf)
    assert [next(n for n in names if n in page) for page in pages] == names


def test_page_numbers_count_per_letter():
    pdf = render_letters([_letter("Dora Lang", paragraphs=6), _letter("Emil Kurz")])
    save_previews(pdf, "two-page-letter")

    pages = page_texts(pdf)
    assert len(pages) == 3
    assert "Seite 1 von 2" in pages[0]
    assert "Seite 2 von 2" in pages[1]
    # A loose second sheet still says which letter it belongs to.
    assert "Ihre angeforderte Unterlage: Betriebskostenabrechnung 2025" in pages[1].splitlines()[0]
    assert "Emil Kurz" in pages[2] and "Seite 1 von 1" in pages[2]
