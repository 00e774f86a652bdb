"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import cache

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    # Every test in this folder drives Chromium, marked or not: `-m "not browser"` leaves the folder out.
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


class _OpenConnections:
    """Counts the live server's connections from accept to close. A page keeps working after its test has
    ended (the portal's service worker fetches the page it wants to keep, htmx polls): a request that
    reaches the server while pytest-django empties the tables fails, or deadlocks the flush so the next
    test starts on the last one's rows."""

    def __init__(self, httpd):
        self.open = 0
        self.changed = threading.Condition()
        accept, serve = httpd.process_request, httpd.process_request_thread

        def process_request(request, client_address):
            with self.changed:
                self.open += 1
            try:
                accept(request, client_address)
            except BaseException:
                self._closed()
                raise

        def process_request_thread(request, client_address):
            try:
                serve(request, client_address)
            finally:
                self._closed()

        httpd.process_request, httpd.process_request_thread = process_request, process_request_thread

    def _closed(self):
        with self.changed:
            self.open -= 1
            self.changed.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        """True once no connection has been open for a moment (a request still in the listen queue is
        accepted within it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.changed:
                if not self.changed.wait_for(lambda: self.open == 0, deadline - time.monotonic()):
                    return False
            time.sleep(0.05)
            if self.open == 0:
                return True
        return False


@pytest.fixture(autouse=True)
def live_server_idle_before_flush(request):
    """After a test with the live server: close every browser context it left open, then wait until the
    server has no connection left, before the tables are emptied (this teardown runs before
    transactional_db's, which the live server pulled in first)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    httpd = request.getfixturevalue("live_server").thread.httpd
    if not hasattr(httpd, "open_connections"):
        httpd.open_connections = _OpenConnections(httpd)
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
    if not httpd.open_connections.wait_until_idle(timeout=15):
        pytest.fail("The live server still served a request 15 s after the test: its rows would outlive it")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run; each test opens its own context (cookies, viewport)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    # The live server runs in a thread of this process; Playwright's sync API needs its own event loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--lang=de-DE",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page: the portal is built for these first."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
