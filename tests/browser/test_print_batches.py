"""In a real Chromium: the batch page's progress block updates itself (htmx polling) until the PDF is
ready. Screenshots go to test-artifacts/letters/ for a person to look at."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from notifications import printing
from notifications.models import PrintBatch
from tests.factories import StaffFactory
from tests.letters.factories import LetterFactory
from tests.letters.pdftools import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.pdf]


@pytest.fixture
def printer_page(browser, live_server, transactional_db):
    """A staff member allowed to run print batches, signed in through the session cookie."""
    user = StaffFactory(first_name="Paula", last_name="Poststelle")
    user.user_permissions.add(Permission.objects.get(codename="run_print_batch"))
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1100, "height": 800}, locale="de-DE")
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    yield context.new_page()
    context.close()


def test_progress_updates_itself_until_the_pdf_can_be_downloaded(printer_page, live_server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, postcode in [("Zander", "80331"), ("Albers", "20095"), ("Meyer", "01067")]:
        LetterFactory(name=name, postcode=postcode)
    batch = printing.print_batch_create(enqueue=False)
    PrintBatch.objects.filter(pk=batch.pk).update(state=PrintBatch.State.RENDERING, progress=1)
    page = printer_page

    page.goto(live_server.url + reverse("backoffice:print_batch", args=[batch.pk]))
    page.get_by_text("1 von 3 Briefen gedruckt").wait_for()
    page.screenshot(path=str(ARTIFACTS / "batch-page-rendering.png"), full_page=True)

    assert printing.print_batch_render(batch_id=batch.pk)
    page.get_by_role("link", name="PDF herunterladen (4 Seiten)").wait_for(timeout=6000)
    assert page.get_by_text("3 von 3 Briefen gedruckt").is_visible()
    page.screenshot(path=str(ARTIFACTS / "batch-page-done.png"), full_page=True)

    page.goto(live_server.url + reverse("backoffice:print_batches"))
    page.screenshot(path=str(ARTIFACTS / "batch-list.png"), full_page=True)
    assert page.get_by_role("button", name="Neuen Druckstapel erstellen").is_disabled()
