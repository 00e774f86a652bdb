"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
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
