"""Print batches: every pending letter once, sorted by postcode behind a cover sheet, marked sent when the
PDF is stored."""

import pytest

from notifications import printing
from notifications.models import OutboxMessage, PrintBatch
from tests.letters.factories import LetterFactory
from tests.letters.pdftools import page_texts, save_previews
from tickets.models import TicketEvent


def _render(batch: PrintBatch) -> bytes:
    assert printing.print_batch_render(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch.file.read()


@pytest.mark.pdf
def test_cover_sheet_lists_the_letters_sorted_by_postcode(db):
    LetterFactory(name="Zander", postcode="80331")
    LetterFactory(name="Albers", postcode="20095")
    LetterFactory(name="Meyer", postcode="01067")

    batch = printing.print_batch_create(enqueue=False)
    pdf = _render(batch)
    save_previews(pdf, "print-batch")

    pages = page_texts(pdf)
    assert len(pages) == 4 == batch.page_count
    cover = pages[0]
    assert f"Druckstapel {batch.pk}" in cover
    assert cover.index("01067") < cover.index("20095") < cover.index("80331")
    assert cover.index("Meyer") < cover.index("Albers") < cover.index("Zander")
    assert "Sachstand" in cover
    assert ["Meyer" in pages[1], "Albers" in pages[2], "Zander" in pages[3]] == [True, True, True]


@pytest.mark.pdf
def test_stored_batch_marks_its_letters_sent_and_tells_each_ticket(db):
    letters = [LetterFactory(), LetterFactory()]

    batch = printing.print_batch_create(enqueue=False)
    _render(batch)

    assert batch.state == PrintBatch.State.DONE and batch.progress == 2
    for letter in letters:
        letter.refresh_from_db()
        assert letter.state == OutboxMessage.State.SENT
        event = letter.ticket.events.get(kind=TicketEvent.Kind.LETTER)
        assert event.data["text"] == f"Brief gedruckt in Stapel {batch.pk}"
    assert all(batch.items.values_list("printed", flat=True))


def test_a_letter_is_gathered_into_one_batch_only(db):
    LetterFactory()
    first = printing.print_batch_create(enqueue=False)

    assert printing.print_batch_create(enqueue=False) is None
    late = LetterFactory()
    second = printing.print_batch_create(enqueue=False)
    assert list(second.items.values_list("message_id", flat=True)) == [late.pk]
    assert first.letter_count == 1


def test_e_mails_and_sent_letters_are_not_gathered(db):
    LetterFactory(channel=OutboxMessage.Channel.EMAIL, recipient_address="a@example.org")
    LetterFactory(state=OutboxMessage.State.SENT)

    assert printing.print_batch_create(enqueue=False) is None


def test_letter_without_postal_address_is_left_out_as_failed(db):
    good = LetterFactory()
    homeless = LetterFactory(recipient_party__street="", recipient_party__city="")

    batch = printing.print_batch_create(enqueue=False)

    assert list(batch.items.values_list("message_id", flat=True)) == [good.pk]
    homeless.refresh_from_db()
    assert homeless.state == OutboxMessage.State.FAILED
    assert homeless.last_error


@pytest.mark.pdf
def test_posted_once_done(db, case_worker):
    LetterFactory()
    batch = printing.print_batch_create(enqueue=False)

    assert not printing.print_batch_mark_posted(batch=batch, user=case_worker)
    _render(batch)
    assert printing.print_batch_mark_posted(batch=batch, user=case_worker)
    batch.refresh_from_db()
    assert batch.state == PrintBatch.State.POSTED and batch.posted_by == case_worker
