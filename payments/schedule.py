"""The terms of a payment arrangement (Ratenzahlung) and the schedule they make: the one place that says
what a valid proposal is (a clear German message per field) and how the amount is split. Pure: no
database, so the portal, the staff page and the API check alike.

    clean_terms(amount=..., count=..., first_due=..., interval=..., today=None) -> Terms
        raises ValidationError({field: message}) naming every bad field
    instalment_rows(terms) -> [Row(number, due_date, amount)]   the last takes the rounding remainder
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from estate.fields import number_text

from .epc import CENT

MAX_AMOUNT = Decimal("100000.00")
MAX_INSTALMENTS = 36
MIN_INSTALMENT = Decimal("1.00")
MAX_DAYS_TO_FIRST = 92  # the first instalment within three months: later is a deferral, not a plan
MONTHLY, BIWEEKLY = "monthly", "biweekly"
INTERVALS = (MONTHLY, BIWEEKLY)


@dataclass(frozen=True)
class Terms:
    amount: Decimal
    count: int
    first_due: dt.date
    interval: str

    def as_data(self) -> dict:
        return {
            "amount": str(self.amount),
            "count": self.count,
            "first_due": self.first_due.isoformat(),
            "interval": self.interval,
        }

    @classmethod
    def from_data(cls, data: dict) -> "Terms":
        return cls(
            amount=Decimal(data["amount"]),
            count=int(data["count"]),
            first_due=dt.date.fromisoformat(data["first_due"]),
            interval=data["interval"],
        )


@dataclass(frozen=True)
class Row:
    number: int
    due_date: dt.date
    amount: Decimal


def clean_amount(value) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(number_text(value))
    except InvalidOperation:
        raise ValidationError(
            _("Bitte geben Sie einen Betrag in Euro an, z. B. 600,00."), code="amount"
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError(_("Der Betrag muss größer als 0 € sein."), code="amount_positive")
    if amount != amount.quantize(CENT):
        raise ValidationError(_("Bitte geben Sie höchstens zwei Nachkommastellen an."), code="amount_cents")
    if amount > MAX_AMOUNT:
        raise ValidationError(_("Der Betrag ist zu hoch für eine Ratenzahlung."), code="amount_high")
    return amount


def clean_count(value) -> int:
    try:
        count = value if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        raise ValidationError(
            _("Bitte geben Sie die Anzahl der Raten als ganze Zahl an."), code="count"
        ) from None
    if count < 1:
        raise ValidationError(_("Bitte vereinbaren Sie mindestens eine Rate."), code="count_min")
    if count > MAX_INSTALMENTS:
        raise ValidationError(
            _("Höchstens %(max)s Raten sind möglich.") % {"max": MAX_INSTALMENTS}, code="count_max"
        )
    return count


def clean_first_due(value, *, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    day = value if isinstance(value, dt.date) else _parse_day(value)
    if day is None:
        raise ValidationError(_("Bitte geben Sie das Datum der ersten Rate an."), code="first_due")
    if day < today:
        raise ValidationError(
            _("Die erste Rate darf nicht in der Vergangenheit liegen."), code="first_due_past"
        )
    if day > today + dt.timedelta(days=MAX_DAYS_TO_FIRST):
        raise ValidationError(
            _("Die erste Rate muss innerhalb der nächsten drei Monate fällig sein."), code="first_due_late"
        )
    return day


def _parse_day(value) -> dt.date | None:
    try:
        return parse_date(str(value or "").strip())
    except ValueError:
        return None


def clean_interval(value) -> str:
    if value not in INTERVALS:
        raise ValidationError(_("Bitte wählen Sie, wie oft Sie zahlen möchten."), code="interval")
    return value


def clean_terms(*, amount, count, first_due, interval, today: dt.date | None = None) -> Terms:
    """Every field checked, every message collected: ValidationError({field: [message]})."""
    errors, cleaned = {}, {}
    for field, check, value in (
        ("amount", clean_amount, amount),
        ("count", clean_count, count),
        ("first_due", lambda v: clean_first_due(v, today=today), first_due),
        ("interval", clean_interval, interval),
    ):
        try:
            cleaned[field] = check(value)
        except ValidationError as invalid:
            errors[field] = invalid.messages
    if not errors and (cleaned["amount"] / cleaned["count"]) < MIN_INSTALMENT:
        errors["count"] = [
            str(_("Eine Rate muss mindestens 1,00 € betragen; bitte wählen Sie weniger Raten."))
        ]
    if errors:
        raise ValidationError(errors)
    return Terms(**cleaned)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later; the 31st falls back to the last day of a shorter month."""
    years, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(terms: Terms, number: int) -> dt.date:
    if terms.interval == BIWEEKLY:
        return terms.first_due + dt.timedelta(days=14 * (number - 1))
    return add_months(terms.first_due, number - 1)


def instalment_rows(terms: Terms) -> list[Row]:
    """Equal instalments in whole cents; the last takes what rounding left over, so the sum is the amount."""
    each = (terms.amount / terms.count).quantize(CENT, rounding=ROUND_DOWN)
    last = terms.amount - each * (terms.count - 1)
    return [
        Row(number=n, due_date=due_date(terms, n), amount=last if n == terms.count else each)
        for n in range(1, terms.count + 1)
    ]
