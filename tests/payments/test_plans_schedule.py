"""The terms of a payment arrangement and the schedule they make: equal instalments in whole cents, the
last takes the remainder so the sum is the amount; monthly on the same day (the 31st falls back), or every
two weeks; each bad field has its German message."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from payments.schedule import Terms, add_months, clean_terms, instalment_rows

TODAY = dt.date(2026, 11, 30)


def test_the_last_instalment_takes_the_rounding_remainder():
    rows = instalment_rows(Terms(Decimal("100.00"), 3, dt.date(2026, 12, 1), "monthly"))
    assert [r.amount for r in rows] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert sum(r.amount for r in rows) == Decimal("100.00")
    assert [r.due_date for r in rows] == [dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1)]


@pytest.mark.parametrize(("amount", "count"), [("612.40", 7), ("0.05", 1), ("1000.01", 36), ("999.99", 12)])
def test_the_sum_is_always_the_amount(amount, count):
    rows = instalment_rows(Terms(Decimal(amount), count, TODAY, "biweekly"))
    assert len(rows) == count
    assert sum(r.amount for r in rows) == Decimal(amount)
    assert all(r.amount > 0 for r in rows)


def test_every_two_weeks():
    rows = instalment_rows(Terms(Decimal("90"), 3, dt.date(2026, 12, 4), "biweekly"))
    assert [r.due_date for r in rows] == [dt.date(2026, 12, 4), dt.date(2026, 12, 18), dt.date(2027, 1, 1)]


def test_the_31st_falls_back_to_the_end_of_a_short_month():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 1, 31), 2) == dt.date(2027, 3, 31)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("field", "fields", "message"),
    [
        ("amount", {"amount": "0"}, "größer als 0"),
        ("amount", {"amount": "-50"}, "größer als 0"),
        ("amount", {"amount": "sechshundert"}, "Betrag in Euro"),
        ("amount", {"amount": "10,555"}, "zwei Nachkommastellen"),
        ("count", {"count": "0"}, "mindestens eine Rate"),
        ("count", {"count": "drei"}, "ganze Zahl"),
        ("count", {"count": "37"}, "Höchstens 36"),
        ("count", {"amount": "5", "count": "10"}, "mindestens 1,00 €"),
        ("first_due", {"first_due": "2026-11-29"}, "nicht in der Vergangenheit"),
        ("first_due", {"first_due": "morgen"}, "Datum der ersten Rate"),
        ("first_due", {"first_due": "2027-06-01"}, "drei Monate"),
        ("interval", {"interval": "weekly"}, "wie oft"),
    ],
)
def test_each_bad_field_has_its_german_message(field, fields, message):
    terms = {"amount": "600", "count": "4", "first_due": "2026-12-10", "interval": "monthly", **fields}
    with pytest.raises(ValidationError) as raised:
        clean_terms(**terms, today=TODAY)
    assert message in " ".join(raised.value.message_dict[field])


def test_good_terms_are_cleaned():
    terms = clean_terms(
        amount="612,40", count=" 6 ", first_due="2026-11-30", interval="biweekly", today=TODAY
    )
    assert terms == Terms(Decimal("612.40"), 6, TODAY, "biweekly")


@pytest.mark.parametrize("typed", ["1.837,50", "1837,50", "1837.50", "1.837,50 €", " 1 837,50 "])
def test_an_amount_is_read_as_germans_type_it(typed):
    terms = clean_terms(amount=typed, count="6", first_due="2026-12-10", interval="monthly", today=TODAY)
    assert terms.amount == Decimal("1837.50")


def test_a_payment_request_reads_thousands_dots_too():
    from payments.requests import clean_amount

    assert clean_amount("1.250,00") == Decimal("1250.00")
