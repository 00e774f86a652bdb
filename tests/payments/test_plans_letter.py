"""The Ratenzahlung confirmation is one DIN 5008 page with the greeting for a schedule of up to a year
(more than four instalments stand in two columns); a longer one goes on to a second page that names the
letter at its top and numbers both, and never leaves the greeting alone there."""

import pytest
from django.utils.formats import date_format

from notifications.letters import render_letter
from notifications.process_mail.plans import plan_letter
from payments.schedule import add_months
from tests.letters.pdftools import page_texts

from .plan_helpers import in_days, running

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def _pages(tenant, case_worker, count: int) -> list[str]:
    plan = running(tenant, case_worker, amount="3600.00", count=count, first_due=in_days(10))
    ticket = plan.process.ticket
    ticket.assignee = case_worker  # the contact's name under the greeting takes a line too
    ticket.save(update_fields=["assignee"])
    return [" ".join(text.split()) for text in page_texts(render_letter(plan_letter(plan)))]


@pytest.mark.parametrize("count", [4, 12])
def test_a_schedule_of_up_to_a_year_fits_one_page(money_templates, tenant, case_worker, count):
    [page] = _pages(tenant, case_worker, count)
    assert "Seite 1 von 1" in page
    assert f"in {count} Raten (monatlich)" in page and "Summe: 3.600,00 €" in page
    assert f"{count} " in page and "Mit freundlichen Grüßen" in page and "Sabine" in page


def test_a_long_schedule_goes_on_to_a_numbered_second_page(money_templates, tenant, case_worker):
    first, second = _pages(tenant, case_worker, 36)
    assert "Seite 1 von 2" in first and "Seite 2 von 2" in second
    last = date_format(add_months(in_days(10), 35), "DATE_FORMAT")
    assert f"36 {last} 100,00 €" in first and "Summe: 3.600,00 €" in first  # the whole schedule
    assert second.startswith("Bestätigung Ihrer Ratenzahlungsvereinbarung")  # a loose sheet names its letter
    assert "Mit freundlichen Grüßen" in second and "Den Stand Ihrer Raten" in second
