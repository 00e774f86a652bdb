"""Auswertungen and the rating page in a real Chromium: every report page and the rating page pass axe-core
(WCAG 2.1 A and AA) and are photographed for a look."""

import pytest
from django.test import Client

from accounts.roles import sync_roles
from tests.browser.axe import axe_violations, describe
from tests.factories import StaffFactory, TicketFactory, resident_user
from tests.reports.conftest import make_jobs


def signed_in(browser, live_server, user, **context):
    client = Client()
    client.force_login(user)
    ctx = browser.new_context(locale="de-DE", **context)
    cookie = client.cookies["sessionid"]
    ctx.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return ctx


@pytest.mark.browser
def test_report_pages_and_the_rating_page_pass_axe(live_server, browser, shot):
    jobs = make_jobs(6, days_ago=12)
    sync_roles()  # the team lead's role gets the reports' permission, as on a deployment
    lead = StaffFactory(first_name="Tanja", last_name="Teamleitung", roles=["Teamleitung"])
    context = signed_in(browser, live_server, lead, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    pages = {
        "rp-01-overview": "/backoffice/auswertungen/",
        "rp-02-volumes": "/backoffice/auswertungen/volumes/",
        "rp-03-backlog": "/backoffice/auswertungen/backlog/",
        "rp-04-phases": "/backoffice/auswertungen/phases/",
        "rp-05-hotspots": "/backoffice/auswertungen/hotspots/",
        "rp-06-contractors": "/backoffice/auswertungen/contractors/",
        "rp-07-satisfaction": "/backoffice/auswertungen/satisfaction/",
        "rp-08-quality": "/backoffice/auswertungen/qualitaet/",
    }
    found = []
    for name, path in pages.items():
        assert page.goto(live_server.url + path).status == 200, path
        shot(page, name)
        if violations := axe_violations(page):
            found.append(describe(name, violations))
    context.close()

    reporter = jobs[0].reporter
    reporter.email = "mieterin@example.org"
    reporter.save()
    job = TicketFactory(reporter=reporter, property=jobs[0].property, unit=jobs[0].unit, status="done")
    phone = signed_in(browser, live_server, resident_user(reporter), viewport={"width": 390, "height": 844})
    page = phone.new_page()
    assert page.goto(f"{live_server.url}/portal/meldungen/{job.reference}/bewertung/").status == 200
    shot(page, "rp-09-rating")
    if violations := axe_violations(page):
        found.append(describe("rp-09-rating", violations))
    page.get_by_label("5 – sehr gut").first.check()
    page.get_by_label("1 – sehr leicht").check()
    page.get_by_role("button", name="Bewertung senden").click()
    page.get_by_text("Danke für Ihre Bewertung!").wait_for()
    shot(page, "rp-10-rated")
    if violations := axe_violations(page):
        found.append(describe("rp-10-rated", violations))
    phone.close()
    assert not found, "\n".join(found)
