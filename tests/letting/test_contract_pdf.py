"""The Mietvertrag read back with pdftotext: the parties, the unit's data, the money, the clauses as the
admin wrote them (placeholders filled), page numbers; and the deposit rule of § 551 BGB at its edge."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from letting.models import ContractClause
from letting.services import clean_terms
from tests.letters.pdftools import page_texts

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_agreement_names_parties_unit_money_and_clauses(letting, vacant_unit):
    pages = page_texts(letting.contract_pdf.read())
    text = one_line("\n".join(pages))
    building = vacant_unit.building
    assert "Mietvertrag über Wohnraum" in text
    assert f"Vertragsnummer {letting.contract_number}" in text
    assert "Wohnungsbau Musterstadt eG" in text and "Lena Neumann" in text
    assert f"{building.street} {building.house_number}, {building.postcode} {building.city}" in text
    assert "2. OG rechts" in text and "Zimmer 3" in text and "72,40 m²" in text
    assert "Nettokaltmiete 612,50 €" in text
    assert "Vorauszahlung auf die Betriebskosten 180,00 €" in text
    assert "Monatliche Gesamtmiete 792,50 €" in text
    assert "Mietsicherheit (Kaution, § 551 BGB) 1.837,50 €" in text
    assert f"beginnt am {letting.start:%d.%m.%Y}" in text
    # The admin's clause text, its placeholders filled; the paragraphs numbered after §§ 1-3.
    assert "§ 4 Zahlung der Miete" in text
    assert "Die Gesamtmiete von 792,50 € ist monatlich im Voraus" in text
    assert "Mietsicherheit von 1.837,50 €" in text
    assert f"Seite 1 von {len(pages)}" in one_line(pages[0])
    assert len(pages) >= 2 and f"Seite {len(pages)} von {len(pages)}" in one_line(pages[-1])
    # The copy to sign has empty signature boxes and no audit page yet.
    assert "Prüfprotokoll" not in text


def test_an_admin_changes_a_clause_for_the_next_agreement(
    letting_templates, newcomer, vacant_unit, case_worker
):
    from letting.services import start_letting
    from tickets.actors import Actor

    ContractClause.objects.filter(title="Tierhaltung").update(
        body="Die Haltung von Hunden ist mit {einheit} nicht vereinbar."
    )
    ContractClause.objects.filter(title="Kündigung").update(is_active=False)
    process = start_letting(
        party=newcomer,
        unit=vacant_unit,
        start=timezone.localdate() + dt.timedelta(days=10),
        rent_net=Decimal("500"),
        operating_costs=Decimal("100"),
        deposit=Decimal("1500"),
        by=Actor.for_user(case_worker),
    )
    text = one_line("\n".join(page_texts(process.letting.contract_pdf.read())))
    # (the unit's street may wrap at a hyphen, so the placeholder is checked by its unit number)
    assert "§ 8 Tierhaltung Die Haltung von Hunden ist mit" in text
    assert f"({vacant_unit.number}) nicht vereinbar." in text
    assert "Kündigung Die Mieterin" not in text and "§ 10 Elektronische Form" in text


@pytest.mark.parametrize(
    ("salutation", "address_line", "tenant"),
    [("Frau", "Frau Lena Neumann", "Mieterin"), ("Herr", "Herrn Lena Neumann", "Mieter")],
)
def test_the_address_block_greets_the_tenant_as_din_5008_does(
    letting_templates, newcomer, vacant_unit, case_worker, salutation, address_line, tenant
):
    from letting.services import start_letting
    from tickets.actors import Actor

    newcomer.salutation = salutation
    newcomer.street, newcomer.postcode, newcomer.city = "Alte Straße 3", "10117", "Berlin"
    newcomer.save()
    process = start_letting(
        party=newcomer,
        unit=vacant_unit,
        start=timezone.localdate() + dt.timedelta(days=10),
        rent_net=Decimal("500"),
        operating_costs=Decimal("100"),
        deposit=Decimal("1500"),
        by=Actor.for_user(case_worker),
    )
    pages = page_texts(process.letting.contract_pdf.read())
    first_page = pages[0]
    lines = [line.strip() for line in first_page.splitlines() if line.strip()]
    # The window: the salutation on the name's line, then the street and the town (the info column's
    # rows may sit between them in the text).
    at = next(i for i, line in enumerate(lines) if line.startswith(address_line))
    street = next(i for i, line in enumerate(lines) if line.startswith("Alte Straße 3"))
    town = next(i for i, line in enumerate(lines) if line.startswith("10117 Berlin"))
    assert at < street < town <= at + 4
    text = one_line(first_page).replace("\u2010 ", "")  # (words hyphenated at a line's end joined)
    assert f"nachstehend „{tenant}“" in text and "Mieter/in" not in text
    everything = one_line("\n".join(pages)).replace("\u2010 ", "")
    signing_first = {"Mieterin": "erst von der Mieterin,", "Mieter": "erst vom Mieter,"}[tenant]
    assert signing_first in everything and "Mieterin / dem Mieter" not in everything


@pytest.mark.parametrize(
    ("deposit", "ok"), [("1500.00", True), ("1500.01", False), ("0", True), ("1.500,00", True)]
)
def test_the_deposit_is_at_most_three_net_rents(vacant_unit, deposit, ok):
    start = timezone.localdate() + dt.timedelta(days=1)
    if ok:
        clean_terms(unit=vacant_unit, start=start, rent_net="500", operating_costs="0", deposit=deposit)
    else:
        with pytest.raises(ValidationError, match="höchstens drei Nettokaltmieten"):
            clean_terms(unit=vacant_unit, start=start, rent_net="500", operating_costs="0", deposit=deposit)


def test_the_sealed_agreement_says_how_each_side_signed(letting, newcomer, case_worker, seal_certificate):
    from letting.services import countersign, tenant_sign
    from tickets.actors import Actor

    from .conftest import drawn_png

    tenant_sign(letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash, image_png=b"",
                typed_name="Lena Neumann", ip_address="203.0.113.9")  # fmt: skip
    concluded = countersign(letting, actor=Actor.for_user(case_worker), image_png=drawn_png())
    text = one_line("\n".join(page_texts(concluded.sealed_pdf.read())))
    assert "Art Name als Unterschrift eingegeben" in text
    assert "Art von Hand im Unterschriftsfeld gezeichnet" in text
    assert "Lena Neumann (Mieterin / Mieter)" in text and "203.0.113.9" in text
