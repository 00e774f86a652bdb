"""The monthly report: a PDF with every report's figures, mailed once on the first working day of the
month to the team leads and the recipients set in the admin, never on another day, never twice."""

import datetime as dt
import shutil

import pytest
from django.core import mail

from reports.models import MonthlyReport, MonthlyReportRun
from reports.monthly import render_pdf, send_monthly_reports
from reports.scope import Scope
from tests.factories import StaffFactory
from tests.letters.pdftools import page_texts
from tests.reports.conftest import make_jobs

FIRST_WORKING_DAY = dt.date(2026, 3, 2)  # 1 March 2026 is a Sunday


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_shows_every_report_with_its_figures(db):
    jobs = make_jobs(3, days_ago=10)
    contractor = jobs[0].contractor.name

    text = pdf_text(render_pdf(Scope.default(), title="Monatsbericht Technik"))

    assert "Monatsbericht Technik" in text
    for heading in (
        "Mengen",
        "Rückstand",
        "Bearbeitungszeiten",
        "Schwerpunkte",
        "Handwerker",
        "Zufriedenheit",
    ):
        assert heading in text
    assert contractor in text
    # The contractor's row of the Handwerker table: the name, then the number of jobs. The name is
    # "Handwerk <n> GmbH" and other tables name the contractor too, so the row is told by its figure.
    after_name = [
        line.split()[len(contractor.split())] for line in text.splitlines() if line.startswith(contractor)
    ]
    assert "3" in after_name  # jobs
    assert "Bewertungen" in text


def test_sent_once_on_the_first_working_day_to_team_leads_and_recipients(db, team_lead):
    from tests.factories import TeamFactory

    TeamFactory(lead=team_lead)
    manager = StaffFactory(email="leitung@example.org")
    report = MonthlyReport.objects.create(name="Monatsbericht", months=MonthlyReport.Period.LAST_MONTH)
    report.recipients.add(manager)

    assert send_monthly_reports(today=FIRST_WORKING_DAY - dt.timedelta(days=1)) == 0
    assert send_monthly_reports(today=FIRST_WORKING_DAY) == 1
    assert send_monthly_reports(today=FIRST_WORKING_DAY) == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([team_lead.email, "leitung@example.org"])
    assert "01.02.2026 bis 28.02.2026" in message.subject
    assert message.attachments[0][2] == "application/pdf"
    assert MonthlyReportRun.objects.get().sent_at is not None


def test_the_pdf_download_in_the_backoffice(lead_client):
    response = lead_client.get("/backoffice/auswertungen/monatsbericht.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
