"""What a report is asked about: a period, and optionally a property, a team and a category. Every report
narrows its rows through `Scope.facts` (or `Scope.days` for the daily rollup, `Scope.open_facts` for
today's backlog), so the filters mean the same on every page, in the CSV and in the monthly PDF."""

import datetime as dt
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from tickets.status import Status

from .models import ReportDay, ReportHours, TicketFact


@dataclass(frozen=True)
class Scope:
    start: dt.date
    end: dt.date  # inclusive
    property_id: int | None = None
    team_id: int | None = None
    category_id: int | None = None
    grain: str = "month"  # or "week"

    @classmethod
    def last_months(cls, months: int, *, today: dt.date | None = None, **filters) -> "Scope":
        """The `months` whole months before `today`'s month (the monthly report), or up to today."""
        today = today or timezone.localdate()
        first = today.replace(day=1)
        start = first
        for _ in range(months):
            start = (start - dt.timedelta(days=1)).replace(day=1)
        return cls(start=start, end=first - dt.timedelta(days=1), **filters)

    @classmethod
    def default(cls, *, today: dt.date | None = None) -> "Scope":
        """The last twelve months up to today."""
        today = today or timezone.localdate()
        return cls(start=today.replace(year=today.year - 1) + dt.timedelta(days=1), end=today)

    def but(self, **changes) -> "Scope":
        return replace(self, **changes)

    @property
    def since(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def until(self) -> dt.datetime:
        """Exclusive end: midnight after the last day."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))

    def _narrow(self, rows: QuerySet) -> QuerySet:
        if self.property_id:
            rows = rows.filter(property_id=self.property_id)
        if self.team_id:
            rows = rows.filter(team_id=self.team_id)
        if self.category_id:
            rows = rows.filter(category_id=self.category_id)
        return rows

    def facts(self, date_field: str = "created_at") -> QuerySet:
        """Summary rows whose `date_field` falls in the period."""
        rows = TicketFact.objects.filter(
            **{f"{date_field}__gte": self.since, f"{date_field}__lt": self.until}
        )
        return self._narrow(rows)

    @property
    def rolled_up(self) -> bool:
        """Whether the daily rollup answers for this scope: its key has no property (one property's
        tickets are few enough to count directly), and its days are the site's local days."""
        return self.property_id is None and timezone.get_current_timezone_name() == settings.TIME_ZONE

    def days(self) -> QuerySet:
        """Daily rollup rows of the period (not narrowed by property; see `rolled_up`)."""
        rows = ReportDay.objects.filter(day__gte=self.start, day__lte=self.end)
        if self.team_id:
            rows = rows.filter(team_id=self.team_id)
        if self.category_id:
            rows = rows.filter(category_id=self.category_id)
        return rows

    def hours(self) -> QuerySet:
        """Hour buckets of the tickets reported in the period (not narrowed by property; see `rolled_up`)."""
        rows = ReportHours.objects.filter(day__gte=self.start, day__lte=self.end)
        if self.team_id:
            rows = rows.filter(team_id=self.team_id)
        if self.category_id:
            rows = rows.filter(category_id=self.category_id)
        return rows

    def all_facts(self) -> QuerySet:
        return self._narrow(TicketFact.objects.all())

    def open_facts(self) -> QuerySet:
        """Summary rows of the tickets open today (the backlog is today's, whatever the period). The rows
        follow their ticket's status in the same transaction, and a partial index holds just these."""
        return self._narrow(TicketFact.objects.filter(status__in=sorted(Status.active())))

    @property
    def querystring(self) -> str:
        return urlencode(self.query())

    def query(self) -> dict:
        """The filters as GET parameters, for links and downloads."""
        params = {"von": self.start.isoformat(), "bis": self.end.isoformat(), "raster": self.grain}
        for key, value in (
            ("liegenschaft", self.property_id),
            ("team", self.team_id),
            ("kategorie", self.category_id),
        ):
            if value:
                params[key] = value
        return params
