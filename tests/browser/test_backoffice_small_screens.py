"""The back-office on a 390 px phone and a 1280 px desktop: no page wider than the screen, the key actions
in reach, the current menu entry marked, and axe-core (WCAG 2.1 A and AA) quiet on the mailbox, the ticket
page and the follow-ups (Wiedervorlage heute). Screenshots of each page land in test-artifacts/."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from notifications.models import InboundMail
from tests.factories import ChangeRequestFactory, FollowUpFactory, PartyFactory, StaffFactory, TicketFactory

from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The current entry of the top menu (or the account link); the language switch marks its own.
MARKED = ".bo-header nav [aria-current], .bo-signout [aria-current]"


@pytest.fixture
def workday():
    """A case worker with a ticket due for a follow-up today and one mail waiting in the mailbox."""
    worker = StaffFactory(username="aussendienst", first_name="Anna", last_name="Außendienst")
    worker.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_reports", "change_changerequest", "change_noticepost", "change_textblock"]
        )
    )
    reporter = PartyFactory(first_name="Erika", last_name="Mustermann", email="erika@example.org")
    ticket = TicketFactory(assignee=worker, reporter=reporter, title="Heizung im Wohnzimmer bleibt kalt")
    FollowUpFactory(ticket=ticket, owner=worker, due_on=timezone.localdate(), note="Rückruf Mieterin")
    ChangeRequestFactory(party=reporter)
    InboundMail.objects.create(
        message_id="<klein@example.org>",
        from_address="hausverwaltung-nachbar@example.org",
        subject="Schlüsselübergabe für die Wohnung im dritten Obergeschoss links",
        body_text="Guten Tag, wann können wir den Schlüssel für die Heizkostenablesung abholen?",
    )
    return ticket


def _signed_in(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, locale="de-DE")
    page = context.new_page()
    page.goto(f"{live_server.url}/backoffice/anmelden/")
    page.get_by_label("Benutzername").fill("aussendienst")
    page.get_by_label("Passwort").fill("correct-horse-battery")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("heading", name="Arbeitskorb").wait_for()
    return context, page


def _pages(ticket) -> dict[str, tuple[str, str]]:
    """Screenshot name → (path, the menu entry marked as current there)."""
    return {
        "queue": ("/backoffice/", "Arbeitskorb"),
        "follow-ups": ("/backoffice/?view=follow_up", "Arbeitskorb"),
        "ticket": (f"/backoffice/meldungen/{ticket.reference}/", "Arbeitskorb"),
        "mailbox": ("/backoffice/postfach/", "Postfach"),
    }


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_phone_pages_fit_the_screen_and_keep_their_actions(live_server, browser, shot, workday):
    context, page = _signed_in(browser, live_server, PHONE)
    wide = []
    for name, (path, current) in _pages(workday).items():
        page.goto(live_server.url + path)
        shot(page, f"bo-small-390-{name}")
        if (width := _overflow(page)) > PHONE["width"]:
            wide.append(f"{name}: {width} px")
        assert page.locator(MARKED).inner_text() == current, name
    assert not wide, wide

    page.goto(f"{live_server.url}/backoffice/?view=follow_up")
    page.get_by_role("link", name=workday.reference).click()
    page.get_by_role("heading", name="Verlauf").wait_for()
    # The actions come first on a phone: the case worker in the field should not scroll past the history.
    page.get_by_text("Wiedervorlage (1)").click()
    page.get_by_text("Erledigen, verschieben, übergeben").click()
    done = page.get_by_role("button", name="Ausführen")
    done.scroll_into_view_if_needed()
    assert done.is_visible() and done.is_enabled()
    shot(page, "bo-small-390-ticket-follow-up-open")
    assert _overflow(page) <= PHONE["width"]
    done.click()
    page.get_by_role("heading", name="Verlauf").wait_for()
    assert workday.follow_ups.get().done_at is not None

    page.goto(f"{live_server.url}/backoffice/postfach/")
    for action in ["Zuordnen", "Keine Bearbeitung nötig"]:
        button = page.get_by_role("button", name=action)
        button.scroll_into_view_if_needed()
        assert button.is_visible(), action
    assert page.get_by_role("link", name="Neue Meldung daraus erfassen").is_visible()
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_mailbox_ticket_and_follow_ups_pass_axe(live_server, browser, shot, workday, viewport):
    context, page = _signed_in(browser, live_server, viewport)
    found = []
    for name, (path, _current) in _pages(workday).items():
        page.goto(live_server.url + path)
        if name == "ticket":
            page.get_by_text("Wiedervorlage (1)").click()
        shot(page, f"bo-axe-{viewport['width']}-{name}")
        if violations := axe_violations(page):
            found.append(describe(f"{name} at {viewport['width']} px", violations))
    context.close()
    assert not found, "\n".join(found)


def test_the_other_main_pages_fit_a_phone(live_server, browser, shot, workday):
    context, page = _signed_in(browser, live_server, PHONE)
    others = {
        "person": (f"/backoffice/personen/{workday.reporter_id}/", "Personen"),
        "calendar": ("/backoffice/kalender/", "Kalender"),
        "approvals": ("/backoffice/freigaben/", "Freigaben"),
        "reports": ("/backoffice/auswertungen/", "Auswertungen"),
        "account": ("/backoffice/konto/", "Anna Außendienst"),
        "intake": ("/backoffice/neu/", "Neue Meldung"),
        "people": ("/backoffice/personen/?q=Mustermann", "Personen"),
        "knowledge": ("/backoffice/wissen/", "Wissen"),
        "notices": ("/backoffice/aushang/", "Aushänge"),
        "text-blocks": ("/backoffice/textbausteine/", "Textbausteine"),
    }
    wide = []
    for name, (path, current) in others.items():
        page.goto(live_server.url + path)
        shot(page, f"bo-small-390-{name}")
        if (width := _overflow(page)) > PHONE["width"]:
            wide.append(f"{name}: {width} px")
        assert page.locator(MARKED).inner_text() == current, name
    context.close()
    assert not wide, wide
