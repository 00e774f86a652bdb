"""Roles that fit: each role (and staff with none) against each back-office page and action, in one
table. Allowed answers 200 (a page) or 302 (an action done); everything else is 404 in the site's layout,
never a bare 403. The menu offers exactly the allowed pages."""

import re

import pytest
from django.urls import reverse

from accounts.roles import ADMINISTRATION, CASE_WORKER, TEAM_LEAD, sync_roles
from tests.factories import PartyFactory, StaffFactory, TicketFactory

pytestmark = pytest.mark.django_db

CW, TL, ADM, NONE = CASE_WORKER, TEAM_LEAD, ADMINISTRATION, "ohne Rolle"
EVERYONE = {CW, TL, ADM, NONE}
LEADS = {TL, ADM}

# (what, method, URL name, needs, who may): `needs` builds the URL's argument.
PAGES = [
    ("queue", "get", "backoffice:queue", None, EVERYONE),
    ("ticket page", "get", "backoffice:ticket", "ticket", EVERYONE),
    ("approvals", "get", "backoffice:approvals", None, {CW, TL, ADM}),
    ("print batches", "get", "backoffice:print_batches", None, LEADS),
    ("print a batch", "post", "backoffice:print_batch_create", None, LEADS),
    ("reports", "get", "backoffice:reports", None, LEADS),
    ("knowledge", "get", "backoffice:knowledge", None, EVERYONE),
    ("text blocks", "get", "backoffice:text_blocks", None, LEADS),
    ("text blocks admin", "get", "admin:tickets_textblock_changelist", None, LEADS),
    ("mailbox", "get", "backoffice:mailbox", None, EVERYONE),
    ("people", "get", "backoffice:people", None, EVERYONE),
    ("person page", "get", "backoffice:person", "party", EVERYONE),
    ("calendar", "get", "backoffice:calendar", None, EVERYONE),
    ("data exports", "get", "backoffice:person_exports", "party", {ADM}),
    ("produce a data export", "post", "backoffice:person_exports", "party", {ADM}),
]
POSTED = {"backoffice:person_exports": {"note": "Schreiben vom 3. März, Identität geprüft"}}

# Menu entries: the URL name each links to, and who sees it.
MENU = {
    "backoffice:queue": EVERYONE,
    "backoffice:processes": EVERYONE,
    "backoffice:payment_plans": EVERYONE,
    "backoffice:contract_changes": EVERYONE,
    "backoffice:subscriptions": EVERYONE,
    "backoffice:lettings": EVERYONE,
    "backoffice:certificates": EVERYONE,
    "backoffice:my_inspections": EVERYONE,
    "backoffice:print_batches": LEADS,
    "backoffice:calendar": EVERYONE,
    "backoffice:notices": set(),  # Aushänge: for those given estate.change_noticepost one by one
    "backoffice:text_blocks": LEADS,
    "backoffice:intake": EVERYONE,
    "backoffice:knowledge": EVERYONE,
    "backoffice:people": EVERYONE,
    "backoffice:mailbox": EVERYONE,
    "backoffice:approvals": {CW, TL, ADM},
    "backoffice:reports": LEADS,
}


@pytest.fixture(autouse=True)
def roles_as_deployed(db):
    # As a release does (`manage.py sync_roles`): the roles hold the permissions that came after the
    # migration that made the groups (reports, data exports, mailbox folders).
    sync_roles()


def staff_in(role: str):
    return StaffFactory() if role == NONE else StaffFactory(roles=[role])


def _url(name: str, needs: str | None) -> str:
    if needs == "ticket":
        return reverse(name, args=[TicketFactory().reference])
    if needs == "party":
        return reverse(name, args=[PartyFactory().pk])
    return reverse(name)


@pytest.mark.parametrize("role", sorted(EVERYONE))
@pytest.mark.parametrize(("what", "method", "name", "needs", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_each_role_reaches_what_it_may_and_nothing_else(client, role, what, method, name, needs, allowed):
    client.force_login(staff_in(role))
    url = _url(name, needs)
    response = client.post(url, POSTED.get(name, {})) if method == "post" else client.get(url)
    if role in allowed:
        assert response.status_code == (302 if method == "post" else 200), what
    else:
        assert response.status_code == 404, what
        # The site's own 404 page, not a bare answer.
        assert "<html" in response.content.decode().lower()


def _menu_links(page: str) -> set[str]:
    nav = re.search(r"<nav[^>]*Hauptnavigation[^>]*>(.*?)</nav>", page, re.S).group(1)
    return set(re.findall(r'href="([^"]+)"', nav))


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_the_menu_shows_exactly_what_the_role_may_use(client, role):
    client.force_login(staff_in(role))
    page = client.get(reverse("backoffice:queue")).content.decode()
    assert _menu_links(page) == {reverse(name) for name, who in MENU.items() if role in who}
