"""The people of the load test (bench/load.py): tenants (7 in 10) and case workers (3 in 10), each
signed in with a session of their own, thinking 1 to 5 seconds between pages. Reads the sessions and
the tickets each may open from the file named by LOAD_USERS, written by bench/load.py."""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

with open(os.environ["LOAD_USERS"]) as handle:
    PEOPLE = json.load(handle)
TENANTS = itertools.cycle(PEOPLE["tenants"])
STAFF = itertools.cycle(PEOPLE["staff"])
NEXT_PAGE = re.compile(r'href="\?([^"]*after=[^"]+)"')
QUEUE_VIEWS = [
    "",
    "?view=team",
    "?view=all",
    "?view=all&sort=priority",
    "?view=all&status=any&sort=created",
    "?view=unassigned",
    "?view=overdue",
    "?view=all&priority=emergency",
    "?view=all&channel=phone",
]


class _Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)

    def signed_in(self, who: dict) -> None:
        self.who = who
        # As behind the TLS proxy production has: the session cookie is Secure, and Django believes
        # X-Forwarded-Proto from 127.0.0.1 only (docker/gunicorn.conf.py, forwarded_allow_ips).
        self.client.headers.update({"Cookie": f"sessionid={who['session']}", "X-Forwarded-Proto": "https"})

    def page(self, path: str, name: str):
        return self.client.get(path, name=name, allow_redirects=False)


class Tenant(_Person):
    weight = 7

    def on_start(self) -> None:
        self.signed_in(next(TENANTS))

    @task(3)
    def home(self) -> None:
        self.page("/portal/", "tenant: home")

    @task(2)
    def my_tickets(self) -> None:
        self.page("/portal/meldungen/", "tenant: my tickets")

    @task(2)
    def ticket(self) -> None:
        reference = random.choice(self.who["tickets"])
        self.page(f"/portal/meldungen/{reference}/", "tenant: ticket")

    @task(1)
    def building(self) -> None:
        self.page("/portal/haus/", "tenant: building")

    @task(1)
    def my_data(self) -> None:
        self.page("/portal/meine-daten/", "tenant: my data")


class CaseWorker(_Person):
    weight = 3

    def on_start(self) -> None:
        self.signed_in(next(STAFF))

    @task(4)
    def queue(self) -> None:
        response = self.page(f"/backoffice/{random.choice(QUEUE_VIEWS)}", "staff: queue")
        found = NEXT_PAGE.search(response.text or "")
        if found and random.random() < 0.3:
            self.page(f"/backoffice/?{found.group(1).replace('&amp;', '&')}", "staff: queue, next page")

    @task(3)
    def ticket(self) -> None:
        reference = random.choice(PEOPLE["staff_tickets"])
        self.page(f"/backoffice/meldungen/{reference}/", "staff: ticket")

    @task(1)
    def search(self) -> None:
        term = random.choice(["Heizung", "Schimmel", "Wasserschaden", "Aufzug", "Fenster"])
        self.page(f"/backoffice/?q={term}", "staff: search")
