"""A report's answers as labelled rows: every reader in their language, IBANs masked, workers only what
the job needs (tickets.answers, the one function every page, mail and letter asks)."""

import pytest
from django.utils import translation

from catalogs.models import Category, ExtraField
from tests.factories import CatalogItemFactory, ExtraFieldFactory, TicketFactory
from tickets.answers import Audience, answer_rows

pytestmark = pytest.mark.django_db

IBAN = "DE89370400440532013000"


@pytest.fixture
def damage_ticket():
    item = CatalogItemFactory(name_de="Schimmel an der Wand")
    ExtraFieldFactory(
        item=item, key="raum", kind=ExtraField.Kind.CHOICE, choices="Bad\nKüche", label_de="In welchem Raum?",
        label_en="Which room?", label_nl="In welke ruimte?", position=1,
    )  # fmt: skip
    ExtraFieldFactory(item=item, key="seit", kind=ExtraField.Kind.DATE, label_de="Seit wann?", position=2)
    return TicketFactory(item=item, answers={"raum": "Bad", "seit": "2026-03-01"})


@pytest.fixture
def bank_ticket():
    item = CatalogItemFactory(
        name_de="Bankverbindung ändern", change_request_kind="bank_account", group__category__kind="tenancy"
    )
    ExtraFieldFactory(
        item=item, key="iban", kind=ExtraField.Kind.IBAN, label_de="Neue IBAN", label_en="New IBAN"
    )
    ExtraFieldFactory(item=item, key="kontoinhaber", label_de="Kontoinhaber", label_en="Account holder")
    return TicketFactory(item=item, answers={"iban": IBAN, "kontoinhaber": "Erika Mustermann"})


@pytest.mark.parametrize(
    ("language", "label"), [("de", "In welchem Raum?"), ("en", "Which room?"), ("nl", "In welke ruimte?")]
)
def test_labels_are_in_the_readers_language(damage_ticket, language, label):
    with translation.override(language):
        rows = answer_rows(damage_ticket, audience=Audience.RESIDENT)
    assert [(row.label, row.value) for row in rows][0] == (label, "Bad")


def test_dates_read_as_dates(damage_ticket):
    with translation.override("de"):
        rows = answer_rows(damage_ticket, audience=Audience.STAFF)
    assert rows[1].value == "01.03.2026"


def test_iban_is_masked_for_everyone_but_staff_through_the_door(bank_ticket):
    for audience in (Audience.STAFF, Audience.RESIDENT):
        values = [row.value for row in answer_rows(bank_ticket, audience=audience)]
        assert IBAN not in " ".join(values)
        assert "DE89 **** **** **** **30 00" in values
    # Only staff can have it revealed; a resident asking for it still reads it masked.
    assert IBAN in [row.value for row in answer_rows(bank_ticket, audience=Audience.STAFF, reveal_iban=True)]
    assert IBAN not in [
        row.value for row in answer_rows(bank_ticket, audience=Audience.RESIDENT, reveal_iban=True)
    ]


def test_workers_read_the_job_but_never_bank_data(damage_ticket, bank_ticket):
    assert [row.key for row in answer_rows(damage_ticket, audience=Audience.WORKER)] == ["raum", "seit"]
    assert answer_rows(bank_ticket, audience=Audience.WORKER) == []


def test_an_iban_typed_into_a_text_question_is_masked_too():
    item = CatalogItemFactory(group__category__kind=Category.Kind.DAMAGE)
    ExtraFieldFactory(item=item, key="notiz", label_de="Hinweis")
    ticket = TicketFactory(item=item, answers={"notiz": IBAN})
    assert answer_rows(ticket, audience=Audience.RESIDENT)[0].value != IBAN
    assert answer_rows(ticket, audience=Audience.WORKER) == []


def test_an_answer_to_a_question_no_longer_asked_is_shown_to_staff_only():
    ticket = TicketFactory(answers={"alt": "Keller"})
    assert [(r.label, r.value) for r in answer_rows(ticket, audience=Audience.STAFF)] == [("alt", "Keller")]
    assert answer_rows(ticket, audience=Audience.RESIDENT) == []
