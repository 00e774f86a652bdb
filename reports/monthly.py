"""The monthly report: every report page for the configured period as one PDF (the same charts and tables,
through WeasyPrint), mailed on the first working day of the month to the team leads and the recipients set
in the admin. A run row per report and month makes a second worker or a retry send nothing twice."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from estate.models import Team

from .models import MonthlyReport, MonthlyReportRun
from .pages import PAGES, build
from .scope import Scope
from .workhours import first_working_day_of_month

log = logging.getLogger(__name__)


def render_pdf(scope: Scope, *, title: str, language: str = "de") -> bytes:
    with translation.override(language):
        pages = [build(slug, scope) for slug in PAGES]
        html = render_to_string(
            "reports/monthly.html",
            {
                "pages": pages,
                "scope": scope,
                "title": title,
                "company": settings.COMPANY,
                "now": timezone.now(),
            },
        )
    # Nothing in the report loads from outside; refuse every URL rather than fetch one.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=set())).write_pdf()


def recipients(report: MonthlyReport) -> list[str]:
    addresses = set()
    if report.send_to_team_leads:
        teams = Team.objects.filter(lead__isnull=False, lead__is_active=True)
        if report.team_id:
            teams = teams.filter(pk=report.team_id)
        addresses |= {t.lead.email for t in teams.select_related("lead") if t.lead.email}
    addresses |= {u.email for u in report.recipients.filter(is_active=True) if u.email}
    return sorted(addresses)


def scope_of(report: MonthlyReport, today: dt.date) -> Scope:
    return Scope.last_months(report.months, today=today, team_id=report.team_id)


def send_monthly_reports(*, today: dt.date | None = None) -> int:
    """On the first working day of a month, send each active report once; any other day, nothing."""
    today = today or timezone.localdate()
    if today != first_working_day_of_month(today, state=settings.DEFAULT_HOLIDAY_STATE):
        return 0
    sent = 0
    for report in MonthlyReport.objects.filter(is_active=True):
        sent += send_one(report, month=today.replace(day=1), today=today)
    return sent


def send_one(report: MonthlyReport, *, month: dt.date, today: dt.date) -> int:
    """Claim the month first (unique row), then render and send; a failure releases the claim so the next
    run tries again."""
    try:
        with transaction.atomic():
            run = MonthlyReportRun.objects.create(report=report, month=month)
    except IntegrityError:
        return 0
    addresses = recipients(report)
    if not addresses:
        log.warning("Monthly report %s has no recipients", report.pk)
        return 0
    scope = scope_of(report, today)
    try:
        with translation.override(report.language):
            title = _("%(name)s: %(start)s bis %(end)s") % {
                "name": report.name,
                "start": scope.start.strftime("%d.%m.%Y"),
                "end": scope.end.strftime("%d.%m.%Y"),
            }
            pdf = render_pdf(scope, title=title, language=report.language)
            message = EmailMessage(
                subject=title,
                body=_("Im Anhang finden Sie den Bericht „%(title)s“ als PDF.") % {"title": title},
                to=addresses,
            )
            message.attach(f"bericht-{month:%Y-%m}.pdf", pdf, "application/pdf")
            message.send()
    except Exception:
        log.exception("Monthly report %s for %s could not be sent", report.pk, month)
        run.delete()
        raise
    run.sent_to, run.sent_at = addresses, timezone.now()
    run.save(update_fields=["sent_to", "sent_at"])
    return 1
