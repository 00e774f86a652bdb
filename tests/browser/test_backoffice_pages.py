"""axe-core (WCAG 2.1 A and AA) finds nothing on the back-office pages around the queue: calendar (week
and day), notices, text blocks and my account, for a colleague allowed to edit notices and text blocks."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from tests.backoffice.factories import AppointmentFactory, TextBlockFactory
from tests.factories import FollowUpFactory, NoticePostFactory, PropertyFactory, StaffFactory, TicketFactory

from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_calendar_notices_text_blocks_and_account_pass_axe(live_server, browser, shot):
    editor = StaffFactory(username="teamleitung", first_name="Tanja", last_name="Teamleitung")
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_noticepost", "change_textblock"])
    )
    ticket = TicketFactory(assignee=editor)
    FollowUpFactory(ticket=ticket, note="Rückruf Mieterin")
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    AppointmentFactory(
        ticket=ticket,
        user=editor,
        title="Begehung Keller",
        starts_at=now,
        ends_at=now + dt.timedelta(hours=1),
    )
    notice = NoticePostFactory(property=PropertyFactory(), title="Wasserabstellung am Dienstag")
    block = TextBlockFactory(title="Eingangsbestätigung")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{live_server.url}/backoffice/anmelden/")
    page.get_by_label("Benutzername").fill("teamleitung")
    page.get_by_label("Passwort").fill("correct-horse-battery")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("heading", name="Arbeitskorb").wait_for()

    pages = {
        "bo-10-calendar-week": "/backoffice/kalender/",
        "bo-11-calendar-day": "/backoffice/kalender/?ansicht=tag",
        "bo-12-notices": "/backoffice/aushang/",
        "bo-13-notice-edit": f"/backoffice/aushang/{notice.pk}/",
        "bo-14-notice-new-errors": "/backoffice/aushang/neu/",
        "bo-15-text-blocks": "/backoffice/textbausteine/",
        "bo-16-text-block-edit": f"/backoffice/textbausteine/{block.pk}/",
        "bo-17-account": "/backoffice/konto/",
    }
    found = []
    for name, path in pages.items():
        page.goto(live_server.url + path)
        if name == "bo-14-notice-new-errors":
            page.get_by_label("Überschrift").fill("Aufzug")
            page.get_by_label("Text").fill("Der Aufzug wird gewartet.")
            page.get_by_label("sichtbar bis").fill("2020-01-01T08:00")
            page.get_by_role("button", name="Speichern").click()
            page.get_by_role("alert").wait_for()
        shot(page, name)
        violations = axe_violations(page)
        if violations:
            found.append(describe(name, violations))
    assert "Begehung Keller" in page.goto(live_server.url + "/backoffice/kalender/?ansicht=tag").text()
    context.close()
    assert not found, "\n".join(found)
