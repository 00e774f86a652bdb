import pytest

from notifications.letters import render_letters
from notifications.letters.specs import (
    NoPostalAddress,
    letter_for_change_request,
    letter_for_document,
    letter_for_ticket_confirmation,
    letter_for_ticket_status,
    letter_for_work_order,
    notice_board_sheet,
    postal_address,
)
from tests.factories import (
    ChangeRequestFactory,
    ContractorFactory,
    MessageFactory,
    PartyFactory,
    TenancyFactory,
    TicketFactory,
)
from tests.letters.pdftools import page_texts, page_words, save_previews


def test_owner_living_elsewhere_gets_the_letter_at_their_own_address(db):
    owner = PartyFactory(
        first_name="Olga", last_name="Weiß", street="Seestraße 4", postcode="14467", city="Potsdam"
    )
    TenancyFactory(party=owner)

    assert postal_address(owner) == ("Olga Weiß", "Seestraße 4", "14467 Potsdam")


def test_tenant_without_own_address_gets_the_letter_at_home(tenant, unit):
    building = unit.building

    assert postal_address(tenant)[1:] == (
        f"{building.street} {building.house_number}",
        f"{building.postcode} {building.city}",
    )


def test_party_without_any_address_is_refused(db):
    try:
        postal_address(PartyFactory())
    except NoPostalAddress:
        return
    raise AssertionError("a letter without an address must not be built")


@pytest.mark.pdf
def test_work_order_shows_the_tenant_phone_only_with_consent(umlaut_ticket):
    umlaut_ticket.contractor = ContractorFactory(
        name="Sanitär Kühn GmbH", street="Hafenweg 2", postcode="10245", city="Berlin"
    )
    umlaut_ticket.reporter.phone = "030 9876543"
    without = letter_for_work_order(umlaut_ticket)
    umlaut_ticket.phone_consent = True
    with_consent = letter_for_work_order(umlaut_ticket)

    pages = page_texts(render_letters([without, with_consent]))
    save_previews(render_letters([with_consent]), "work-order")
    assert "030 9876543" not in pages[0]
    assert "030 9876543" in pages[1]
    assert "Sanitär Kühn GmbH" in pages[0]


@pytest.mark.pdf
def test_status_letter_carries_the_public_replies_but_not_internal_notes(umlaut_ticket):
    MessageFactory(ticket=umlaut_ticket, kind="public", body="Der Installateur kommt am Dienstag.")
    MessageFactory(ticket=umlaut_ticket, kind="internal", body="Mieter ist schwierig.")

    text = "".join(page_texts(render_letters([letter_for_ticket_status(umlaut_ticket)])))
    assert "Der Installateur kommt am Dienstag." in text
    assert "Mieter ist schwierig." not in text


@pytest.mark.pdf
def test_change_request_letter_masks_the_iban(tenant):
    change = ChangeRequestFactory(
        party=tenant, new_values={"iban": "DE89370400440532013000", "holder": "Erika Mustermann"}
    )

    text = page_texts(render_letters([letter_for_change_request(change)]))[0]
    assert "DE89370400440532013000" not in text.replace(" ", "")
    assert "DE89 **** **** **** **30 00" in text


@pytest.mark.pdf
def test_every_kind_of_letter_renders_in_one_batch(umlaut_ticket, tenant):
    prop = umlaut_ticket.property
    specs = [
        letter_for_ticket_confirmation(umlaut_ticket),
        letter_for_ticket_status(umlaut_ticket),
        letter_for_change_request(ChangeRequestFactory(party=tenant)),
        letter_for_document(tenant, title="Mietbescheinigung"),
        notice_board_sheet(
            prop, title="Wasserabstellung am Donnerstag", paragraphs=["Von 9 bis 12 Uhr gibt es kein Wasser."]
        ),
    ]
    pdf = render_letters(specs)
    save_previews(pdf, "every-letter")

    pages = page_texts(pdf)
    assert len(pages) == 5
    assert "Mietbescheinigung" in pages[3]
    assert "Wasserabstellung" in pages[4]


@pytest.mark.pdf
def test_notice_board_sheet_uses_the_window_space_for_a_large_title(db):
    prop = TicketFactory().property
    pdf = render_letters([notice_board_sheet(prop, title="Aushang", paragraphs=["Bitte Türen schließen."])])

    (words,) = page_words(pdf)
    title = next(w for w in words if w.text == "Aushang")
    # Where a letter has its address window, the stairwell sheet has its title, readable from afar.
    assert title.top < 60
    assert title.bottom - title.top > 8
