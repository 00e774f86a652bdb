"""What the reports read: one summary row per ticket (kept current by the timeline), the tenants' ratings
after a job, the staff's own quality checks, and the monthly report's settings."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.models import Team
from tickets.models import FollowUp, Ticket
from tickets.status import Status

# A rating may be changed for this long after it was first given.
FEEDBACK_EDITABLE = dt.timedelta(days=14)
# A result or effort rating at or below this opens a follow-up for the case worker.
LOW_SCORE = 2


def _score(label: str, *, blank: bool = False) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        null=blank,
        blank=blank,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


# What the covering indexes of TicketFact carry beside their key.
COVERED = [
    "team_id",
    "property_id",
    "category_id",
    "unit_id",
    "building_id",
    "item_id",
    "hours_to_response",
    "hours_to_release",
    "hours_to_accept",
    "hours_to_appointment",
    "hours_to_done",
    "responded_in_time",
    "done_in_time",
]


class TicketFact(models.Model):
    """Kennzahlen je Meldung: when each phase of a ticket was reached and how long it took in working
    hours. One row per ticket, rewritten whenever its timeline grows, so the reports aggregate over one
    narrow indexed table and never walk timelines."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, primary_key=True, related_name="fact")
    created_at = models.DateTimeField()
    property_id = models.IntegerField()
    building_id = models.IntegerField(null=True)
    unit_id = models.IntegerField(null=True)
    item_id = models.IntegerField()
    category_id = models.IntegerField()
    team_id = models.IntegerField(null=True)
    contractor_id = models.IntegerField(null=True)
    channel = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    first_response_at = models.DateTimeField(null=True)
    released_at = models.DateTimeField(null=True)
    accepted_at = models.DateTimeField(null=True)
    appointment_at = models.DateTimeField(null=True)
    done_at = models.DateTimeField(null=True)
    rejected_at = models.DateTimeField(null=True)
    reopened_at = models.DateTimeField(null=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    # Working hours (the property's state's working days and WORKING_HOURS) for each phase.
    hours_to_response = models.FloatField(null=True)
    hours_to_release = models.FloatField(null=True)
    hours_to_accept = models.FloatField(null=True)
    hours_to_appointment = models.FloatField(null=True)
    hours_to_done = models.FloatField(null=True)
    responded_in_time = models.BooleanField(null=True)
    done_in_time = models.BooleanField(null=True)
    # The last earlier report of the same item at the same unit, and at the same building (without a unit:
    # the property's common areas); kept by reports/repeats.py for the hot spots.
    prev_unit_at = models.DateTimeField(null=True)
    prev_place_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("Kennzahlen einer Meldung")
        verbose_name_plural = _("Kennzahlen der Meldungen")
        permissions = [("view_reports", _("Kann Auswertungen sehen"))]
        # The period's rows for all and for one team are read from the index alone (index-only scans,
        # a third of the pages the rows take): it carries every column the phases and hot spots use.
        indexes = [
            models.Index(fields=["created_at"], name="fact_created_idx", include=COVERED),
            models.Index(fields=["done_at"], name="fact_done_idx"),
            models.Index(
                fields=["team_id", "created_at"],
                name="fact_team_idx",
                include=[c for c in COVERED if c != "team_id"],
            ),
            # Today's backlog: the few percent of tickets still open, without touching the others.
            models.Index(
                fields=["created_at"],
                name="fact_open_idx",
                include=["team_id", "property_id", "category_id"],
                condition=models.Q(status__in=sorted(Status.active())),
            ),
            models.Index(fields=["property_id", "created_at"], name="fact_property_idx"),
            # Hot spots: only the reports that repeat one within the window are read.
            models.Index(
                fields=["prev_unit_at"],
                name="fact_repeat_unit_idx",
                include=["created_at", "unit_id", "item_id", "team_id", "property_id", "category_id"],
                condition=models.Q(prev_unit_at__isnull=False),
            ),
            models.Index(
                fields=["prev_place_at"],
                name="fact_repeat_place_idx",
                include=["created_at", "building_id", "item_id", "team_id", "property_id", "category_id"],
                condition=models.Q(prev_place_at__isnull=False),
            ),
            models.Index(fields=["item_id", "unit_id", "created_at"], name="fact_item_unit_idx"),
            models.Index(fields=["item_id", "property_id", "created_at"], name="fact_item_property_idx"),
            # Contractors' jobs finished in a period, read from the index alone.
            models.Index(
                fields=["done_at"],
                name="fact_jobs_idx",
                include=[
                    "contractor_id",
                    "item_id",
                    "unit_id",
                    "property_id",
                    "team_id",
                    "category_id",
                    "hours_to_accept",
                    "hours_to_done",
                    "done_in_time",
                    "created_at",
                    "ticket_id",
                ],
                condition=models.Q(contractor_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}"


class ReportDay(models.Model):
    """Tagessumme: per local day, team, category and channel, how many tickets were reported, finished,
    rejected and reopened that day, and what became of those reported that day. The volumes and the
    overview sum a few thousand of these rows instead of counting a year of tickets. Kept current from
    TicketFact (reports/rollup.py) in the same transaction. A property is not part of the key: with
    thousands of properties nearly every ticket would get a row of its own, and one property's tickets are
    few enough to count directly."""

    day = models.DateField()
    team_id = models.IntegerField()  # 0: without a team (a key column, so never NULL)
    category_id = models.IntegerField()
    channel = models.CharField(max_length=20)
    # Moves on this day.
    reported = models.IntegerField(default=0)
    done = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    # Of the tickets reported on this day: finished, rejected, with a due time to judge, in time.
    reported_done = models.IntegerField(default=0)
    reported_rejected = models.IntegerField(default=0)
    reported_timed = models.IntegerField(default=0)
    reported_in_time = models.IntegerField(default=0)
    # Of the tickets reported on this day: with a response time to judge, answered in time.
    reported_answered = models.IntegerField(default=0)
    reported_answered_in_time = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("Tagessumme")
        verbose_name_plural = _("Tagessummen")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "team_id", "category_id", "channel"], name="unique_report_day"
            )
        ]
        indexes = [models.Index(fields=["team_id", "day"], name="report_day_team_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id}/{self.category_id}/{self.channel}"


class ReportHours(models.Model):
    """Stundenverteilung: per local day of the report, team and category, how many tickets took how long
    in one phase, in working hours counted into fixed buckets (reports/histogram.py). The phases page sums
    these instead of sorting a year of durations; kept current with the daily rollup."""

    day = models.DateField()
    team_id = models.IntegerField()  # 0: without a team
    category_id = models.IntegerField()
    phase = models.PositiveSmallIntegerField()  # the index into reports.phases.PHASES
    bucket = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("Stundenverteilung")
        verbose_name_plural = _("Stundenverteilungen")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "team_id", "category_id", "phase", "bucket"], name="unique_report_hours"
            )
        ]
        indexes = [
            # The phases page reads the period's counts from this index alone.
            models.Index(
                fields=["day"],
                name="report_hours_day_idx",
                include=["team_id", "category_id", "phase", "bucket", "n"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id}/{self.category_id} {self.phase}:{self.bucket}"


class Feedback(models.Model):
    """Bewertung: the reporter's rating of a finished job, one per ticket, editable for 14 days.

    The ticket's team, place, category, contractor and completion are copied here from its summary row
    (and follow it when the ticket moves), so the satisfaction and contractor reports read ratings
    without joining a million tickets."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="feedback")
    party = models.ForeignKey("estate.Party", on_delete=models.CASCADE, related_name="+")
    score = _score(_("Ergebnis"))
    effort = _score(_("Aufwand für Sie"))
    punctuality = _score(_("Pünktlichkeit"), blank=True)
    tidiness = _score(_("Sauberkeit"), blank=True)
    comment = models.TextField(_("Kommentar"), blank=True, max_length=2000)
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Copied from TicketFact; see the class docstring.
    team_id = models.IntegerField(null=True)
    property_id = models.IntegerField(null=True)
    category_id = models.IntegerField(null=True)
    contractor_id = models.IntegerField(null=True)
    done_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        ordering = ["-created_at"]
        indexes = [
            # Every rating figure of a period read from the index alone.
            models.Index(
                fields=["created_at"],
                name="feedback_created_idx",
                include=[
                    "team_id",
                    "property_id",
                    "category_id",
                    "contractor_id",
                    "score",
                    "effort",
                    "punctuality",
                    "tidiness",
                    "follow_up_id",
                ],
            ),
            models.Index(fields=["team_id", "created_at"], name="feedback_team_idx"),
            models.Index(fields=["property_id", "created_at"], name="feedback_property_idx"),
            models.Index(fields=["done_at"], name="feedback_done_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score}/5"

    @property
    def editable_until(self) -> dt.datetime:
        return self.created_at + FEEDBACK_EDITABLE

    def is_editable(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.editable_until

    @property
    def is_low(self) -> bool:
        """1 is best for effort ("very easy"), 5 best for the result; either end going wrong counts."""
        return self.score <= LOW_SCORE or self.effort >= 6 - LOW_SCORE


class QualityCheck(models.Model):
    """Qualitätsprüfung: a case worker's own assessment of a finished job, one per ticket."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="quality_check")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    result = _score(_("Ergebnis"))
    passed = models.BooleanField(_("abgenommen"), default=True)
    note = models.TextField(_("Notiz"), blank=True, max_length=2000)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Qualitätsprüfung")
        verbose_name_plural = _("Qualitätsprüfungen")
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.result}/5"


class MonthlyReport(models.Model):
    """Monatsbericht: who gets the PDF on the first working day of a month, and over which period."""

    class Period(models.IntegerChoices):
        LAST_MONTH = 1, _("Vormonat")
        LAST_QUARTER = 3, _("letzte 3 Monate")
        LAST_YEAR = 12, _("letzte 12 Monate")

    name = models.CharField(_("Bezeichnung"), max_length=100)
    is_active = models.BooleanField(_("aktiv"), default=True)
    months = models.PositiveSmallIntegerField(
        _("Zeitraum"), choices=Period.choices, default=Period.LAST_MONTH
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("nur Team")
    )
    send_to_team_leads = models.BooleanField(_("an die Teamleitungen"), default=True)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("weitere Empfänger")
    )
    language = models.CharField(_("Sprache"), max_length=5, choices=settings.LANGUAGES, default="de")

    class Meta:
        verbose_name = _("Monatsbericht")
        verbose_name_plural = _("Monatsberichte")

    def __str__(self) -> str:
        return self.name


class MonthlyReportRun(models.Model):
    """One sending of a monthly report; the unique month keeps a second worker from mailing it twice."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="runs")
    month = models.DateField()
    sent_to = models.JSONField(default=list)
    sent_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "month"], name="unique_monthly_run")]

    def __str__(self) -> str:
        return f"{self.report} {self.month:%Y-%m}"
