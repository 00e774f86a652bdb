"""The dates of an agreement: when a booking may start, and the earliest lawful end of a notice
(Kündigungsfrist in months to the end of a month, never before the minimum term is over). Pure functions,
so the portal can show the earliest end before anything is stored."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# Nobody books a service years ahead; a start this far out is a typing mistake.
LATEST_START_MONTHS = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day where it has fewer (31 Jan + 1 = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def first_start(*, today: dt.date, monthly: bool) -> dt.date:
    """The earliest start to offer: tomorrow, or the first of next month for a monthly service."""
    if monthly:
        return month_end(today) + dt.timedelta(days=1)
    return today + dt.timedelta(days=1)


def check_start(start: dt.date, *, today: dt.date, monthly: bool) -> None:
    """Refuse a start in the past, one not on the first of a month (monthly services), and one too far out."""
    if start < today:
        raise ValidationError(_("Der Beginn darf nicht in der Vergangenheit liegen."), code="start_past")
    if monthly and start.day != 1:
        raise ValidationError(
            _("Diese Leistung beginnt immer am Ersten eines Monats, z. B. am %(date)s.")
            % {"date": date_format(first_start(today=today, monthly=True), "DATE_FORMAT")},
            code="start_first",
        )
    if start > add_months(today, LATEST_START_MONTHS):
        raise ValidationError(
            _("Bitte wählen Sie einen Beginn innerhalb der nächsten %(months)s Monate.")
            % {"months": LATEST_START_MONTHS},
            code="start_late",
        )


def earliest_end(
    *, starts_on: dt.date, received_on: dt.date, notice_months: int, minimum_term_months: int, monthly: bool
) -> dt.date:
    """The earliest day the agreement may end on notice received on `received_on`: the notice period
    counted from that day (to the end of that month for a monthly service), and not before the minimum
    term from the start is over, nor before the start."""
    by_notice = add_months(received_on, notice_months)
    if monthly:
        by_notice = month_end(by_notice)
    by_term = add_months(starts_on, minimum_term_months) - dt.timedelta(days=1)
    if monthly:
        by_term = month_end(by_term)
    return max(by_notice, by_term, starts_on)


def check_end(end: dt.date, *, earliest: dt.date, monthly: bool) -> None:
    if end < earliest:
        raise ValidationError(
            _(
                "So früh ist eine Kündigung nicht möglich. Frühestes Ende nach Kündigungsfrist und "
                "Mindestlaufzeit: %(date)s."
            )
            % {"date": date_format(earliest, "DATE_FORMAT")},
            code="end_early",
        )
    if monthly and end != month_end(end):
        raise ValidationError(
            _("Diese Leistung endet immer am Letzten eines Monats, z. B. am %(date)s.")
            % {"date": date_format(earliest, "DATE_FORMAT")},
            code="end_month",
        )
