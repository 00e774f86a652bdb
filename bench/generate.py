"""Fill PostgreSQL with a housing company at full scale: 100,000 units and 1,000,000 tickets with timelines.

    .venv/bin/python bench/generate.py --tickets 1000000 --units 100000

Rows are generated in Python streams and written with COPY FROM STDIN (psycopg 3), never the ORM one row
at a time. The catalog, teams, staff and contractors come from the demo data (`demo/`). Timings per
table go to the console and to bench/results/generate.json.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from demo.names import BERLIN_STREETS, FIRST_NAMES_F, FIRST_NAMES_M, FLOORS, LAST_NAMES, SIDES  # noqa: E402

UNITS_PER_BUILDING = 12
UNITS_PER_PROPERTY = 50
CHUNK = 20_000
BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
CITIES = (("Berlin", "BE", "10"), ("Berlin", "BE", "12"), ("Berlin", "BE", "13"), ("Potsdam", "BB", "144"),
          ("Leipzig", "SN", "041"), ("Dresden", "SN", "011"), ("Magdeburg", "ST", "391"))  # fmt: skip
CATEGORY_WEIGHTS = {"damage": 70, "complaint": 7, "nuisance": 8, "tenancy": 11, "general": 4}
# Target statuses: recent tickets are still being worked, old ones are mostly closed (a few stale ones stay).
RECENT = {"open": 30, "released": 20, "in_progress": 20, "done": 25, "rejected": 5}
OLD = {"open": 0.3, "released": 0.2, "in_progress": 0.5, "done": 90, "rejected": 9}
PATHS = {
    "open": (),
    "released": ("released",),
    "in_progress": ("released", "in_progress"),
    "done": ("released", "in_progress", "done"),
    "rejected": ("rejected",),
}
# Hours until (response, due); non-emergencies run on working hours, roughly 4x on the calendar.
DUE_HOURS = {"emergency": (2, 24), "high": (16, 64), "normal": (64, 320), "low": (160, 640)}
MESSAGE_COUNTS = (1, 2, 3, 3, 4, 5)  # three on average, as in TARGETS.md (3M messages for 1M tickets)
CHANNELS = ("portal", "portal", "portal", "phone", "email")
STATUS_DATA = {
    (old, new): json.dumps({"old": old, "new": new, "reason": ""})
    for path in PATHS.values()
    for old, new in zip(("open", *path), path, strict=False)
}


@dataclass
class Plan:
    """Sizes, id bases and lookups shared by the row streams."""

    units: int
    tickets: int
    rng: random.Random
    now: dt.datetime
    properties: int = 0
    buildings: int = 0
    former: int = 0
    caretakers: int = 0
    base: dict[str, int] = field(default_factory=dict)
    items: list[tuple] = field(default_factory=list)
    item_weights: list[float] = field(default_factory=list)
    plain_items: list[tuple] = field(default_factory=list)
    staff: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    contractors: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    team_ids: dict[str, int] = field(default_factory=dict)
    counters: dict[int, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-search", action="store_true", help="leave the full-text column empty")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(
            "bench/generate.py needs PostgreSQL: set DATABASE_URL=postgres://... (SQLite is not supported)."
        )
    timings = generate(
        connection, units=args.units, tickets=args.tickets, seed=args.seed, search=not args.skip_search
    )
    out = ROOT / "bench" / "results" / "generate.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = {"units": args.units, "tickets": args.tickets, "seconds": timings}
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


def generate(connection, *, units: int, tickets: int, seed: int = 1, search: bool = True, log=print) -> dict:
    """Fill the database behind `connection` (Django's, PostgreSQL); returns seconds per step and total."""
    from django.db import transaction
    from django.utils import timezone

    if search:
        from tickets import search  # noqa: F401 - fail before the long run, not after it

    started = time.perf_counter()
    plan = Plan(units=units, tickets=tickets, rng=random.Random(seed), now=timezone.now())
    plan.properties = max(1, units // UNITS_PER_PROPERTY)
    plan.buildings = -(-units // UNITS_PER_BUILDING)
    plan.former = units // 10
    plan.caretakers = -(-plan.properties // 10)
    # One transaction: a run that fails leaves nothing behind, indexes included.
    with transaction.atomic(using=connection.alias), connection.connection.cursor() as cursor:
        _timed(plan, "catalog, teams, staff, contractors (ORM)", lambda: _reference_data(plan), log)
        # Transaction-local: index builds at the end sort in memory, the B-trees with parallel workers.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
        # Foreign keys are checked at the end of each COPY rather than all at commit: the queue of
        # deferred checks stays small, and indexes can be built on tables the transaction wrote.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in ("estate_property", "estate_building", "estate_unit", "estate_party", "accounts_user",
                      "estate_tenancy", "estate_caretakerassignment", "tickets_ticket", "tickets_ticketevent",
                      "tickets_message"):  # fmt: skip
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608 - fixed names
            plan.base[table] = cursor.fetchone()[0]
        _copy_master_data(plan, cursor, log)
        # Building secondary indexes once after the COPY is several times faster than keeping them up to
        # date row by row; they come back in the same transaction, before anything else can see the rows.
        dropped = {
            t: _drop_indexes(cursor, t) for t in ("tickets_ticket", "tickets_ticketevent", "tickets_message")
        }
        _copy_tickets(plan, cursor, log, search=search)
        _timed(plan, "sequences and reference counters", lambda: _finish(plan, cursor), log)
        for table in ("tickets_ticketevent", "tickets_message", "tickets_ticket"):
            _timed(plan, f"{table} indexes", lambda t=table: _create_indexes(cursor, dropped[t]), log)
        _timed(plan, "ANALYZE", lambda: cursor.execute("ANALYZE"), log)
    plan.timings["total"] = round(time.perf_counter() - started, 2)
    log(f"total: {plan.timings['total']:.1f} s")
    return plan.timings


def _timed(plan: Plan, name: str, step, log) -> None:
    began = time.perf_counter()
    step()
    plan.timings[name] = round(plan.timings.get(name, 0) + time.perf_counter() - began, 2)
    log(f"{name}: {plan.timings[name]:.1f} s")


def _reference_data(plan: Plan) -> None:
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from catalogs.models import CatalogItem
    from demo.catalog import build_catalog
    from demo.company import CONTRACTORS, Company, build_contractors, build_staff
    from demo.rules import build_workflow_rules
    from estate.models import Contractor, TeamMembership

    build_catalog()
    company = Company()
    build_staff(company)
    build_contractors(company)
    build_workflow_rules(company)
    password = make_password(None)  # case workers of the bench sign in through the admin's password reset
    per_team = max(2, plan.units // 2000)
    for team in company.teams.values():
        users = [
            User(username=f"bench-{team.name.lower()}-{n:03d}", first_name=first, last_name=last,
                 email=f"bench-{team.name.lower()}-{n:03d}@example.org", is_staff=True, password=password)
            for n, (first, last, _) in enumerate(_names(range(per_team)))
        ]  # fmt: skip
        User.objects.bulk_create(users, ignore_conflicts=True)
        members = User.objects.filter(username__startswith=f"bench-{team.name.lower()}-")
        TeamMembership.objects.bulk_create(
            [TeamMembership(team=team, user=u) for u in members], ignore_conflicts=True
        )
        plan.team_ids[team.name] = team.pk
        plan.staff[team.name] = [(u.pk, str(u)) for u in members.order_by("pk")]
    for trade, trade_name, *_ in CONTRACTORS:
        extra = []
        for n in range(max(1, plan.properties // 100)):
            name = f"{trade_name} {CITIES[n % len(CITIES)][0]} {n + 1} GmbH"
            extra.append(
                Contractor.objects.get_or_create(name=name, defaults={"email": f"{trade}{n}@example.org"})[0]
            )
        plan.contractors[trade] = [(c.pk, c.name) for c in [company.contractors[trade], *extra]]
    items = list(CatalogItem.objects.select_related("group__category").prefetch_related("required_features"))
    kinds = {}
    for item in items:
        kinds.setdefault(item.group.category.kind, []).append(item)
    for item in items:
        category = item.group.category
        public = item.may_be_public
        features = {f.code for f in item.required_features.all()}
        row = (item.pk, category.pk, item.group.code, item.default_priority, category.kind, features, public)
        plan.items.append(row)
        plan.item_weights.append(CATEGORY_WEIGHTS[row[4]] / len(kinds[row[4]]))
        if not row[5]:
            plan.plain_items.append(row)


def _name(i: int) -> tuple[str, str, str]:
    """The i-th person's (first name, last name, salutation): computed, so nothing has to be kept."""
    female = i % 2 == 0
    firsts = FIRST_NAMES_F if female else FIRST_NAMES_M
    return (
        firsts[(i // 2) % len(firsts)],
        LAST_NAMES[(i * 7 + i // 50) % len(LAST_NAMES)],
        ("Frau" if female else "Herr"),
    )


def _names(indexes):
    return (_name(i) for i in indexes)


def _features_of(p: int) -> set[str]:
    features = set()
    if p % 3 == 0:
        features.add("aufzug")
    if p % 7 == 0:
        features.add("tiefgarage")
    if p % 2 == 0:
        features.add("garten")
    return features


def _property_of_building(plan: Plan, b: int) -> int:
    return b * plan.properties // plan.buildings


def _tenancy_start(u: int) -> dt.date:
    return dt.date(2000 + u % 25, 1 + u % 12, 1)


# --- master data ---------------------------------------------------------------------------------------


def _copy_master_data(plan: Plan, cursor, log) -> None:
    from accounts.models import User
    from demo.company import email_for
    from estate.models import (
        Building,
        CaretakerAssignment,
        Party,
        Property,
        PropertyFeature,
        Tenancy,
        Unit,
    )

    b = plan.base
    now = plan.now
    features = dict(PropertyFeature.objects.values_list("code", "pk"))

    def properties():
        for p in range(plan.properties):
            pid = b["estate_property"] + p
            city, state, plz = CITIES[p % len(CITIES)]
            street = BERLIN_STREETS[p % len(BERLIN_STREETS)][0]
            yield (pid, f"G{pid:06d}", f"Wohnanlage {street} {2 + p % 90}", f"{street} {2 + p % 90}",
                   f"{plz}{p % 100:02d}"[:5], city, state)  # fmt: skip

    def property_features():
        for p in range(plan.properties):
            for code in _features_of(p):
                yield (b["estate_property"] + p, features[code])

    def buildings():
        local, last_p = 0, -1
        for i in range(plan.buildings):
            p = _property_of_building(plan, i)
            local = local + 1 if p == last_p else 0
            last_p = p
            street = BERLIN_STREETS[p % len(BERLIN_STREETS)][0]
            city, _, plz = CITIES[p % len(CITIES)]
            yield (b["estate_building"] + i, b["estate_property"] + p, street, str(2 + p % 90 + 2 * local),
                   f"{plz}{p % 100:02d}"[:5], city)  # fmt: skip

    def units():
        for u in range(plan.units):
            k = u % UNITS_PER_BUILDING
            yield (b["estate_unit"] + u, b["estate_building"] + u // UNITS_PER_BUILDING, f"W{k + 1:02d}",
                   f"{FLOORS[k // 3]} {SIDES[k % 3]}", 1 + k % 4, 35 + 9 * (k % 7))  # fmt: skip

    people = plan.units + plan.former + plan.caretakers

    def users():
        for u, (first, last, _) in zip(range(0, plan.units, 5), _names(range(0, plan.units, 5)), strict=True):
            email = email_for(first, last).replace("@", f".{b['estate_party'] + u}@")
            yield (b["accounts_user"] + u // 5, email, first, last, email, "!", now)

    def parties():
        for i, (first, last, salutation) in enumerate(_names(range(people))):
            pid = b["estate_party"] + i
            user = b["accounts_user"] + i // 5 if i < plan.units and i % 5 == 0 else None
            email = email_for(first, last).replace("@", f".{pid}@")
            yield (
                pid,
                f"G{pid:08d}",
                salutation,
                first,
                last,
                email,
                f"030 {pid % 10_000_000:07d}",
                user,
                now,
            )

    def tenancies():
        for u in range(plan.units):
            yield (
                b["estate_tenancy"] + u,
                b["estate_party"] + u,
                b["estate_unit"] + u,
                _tenancy_start(u),
                None,
            )
        for j in range(plan.former):
            u = (j * 37) % plan.units
            end = _tenancy_start(u) - dt.timedelta(days=1)
            yield (b["estate_tenancy"] + plan.units + j, b["estate_party"] + plan.units + j,
                   b["estate_unit"] + u, end - dt.timedelta(days=365 * (1 + j % 12)), end)  # fmt: skip

    def caretaking():
        for p in range(plan.properties):
            party = b["estate_party"] + plan.units + plan.former + p // 10
            yield (b["estate_caretakerassignment"] + p, party, b["estate_property"] + p, dt.date(2015, 1, 1))

    steps = (
        (Property, ["id", "code", "name", "street", "postcode", "city", "state"], properties, {}),
        (Property.features.through, ["property_id", "propertyfeature_id"], property_features, {}),
        (Building, ["id", "property_id", "street", "house_number", "postcode", "city"], buildings, {}),
        (Unit, ["id", "building_id", "number", "floor", "rooms", "area"], units, {"kind": "flat"}),
        (User, ["id", "username", "first_name", "last_name", "email", "password", "date_joined"], users,
         {"is_superuser": False, "is_staff": False, "is_active": True}),
        (Party, ["id", "number", "salutation", "first_name", "last_name", "email", "phone", "user_id",
                 "created_at"], parties, {"kind": "person"}),
        (Tenancy, ["id", "party_id", "unit_id", "start", "end"], tenancies, {}),
        (CaretakerAssignment, ["id", "party_id", "property_id", "start"], caretaking, {}),
    )  # fmt: skip
    for model, columns, rows, constants in steps:
        table = model._meta.db_table
        _timed(
            plan, table, lambda m=model, c=columns, r=rows, k=constants: copy_rows(cursor, m, c, r(), k), log
        )


# --- tickets, timelines, messages ----------------------------------------------------------------------


def _copy_tickets(plan: Plan, cursor, log, *, search: bool) -> None:
    from tickets.models import Message, Ticket, TicketEvent

    rng, now = plan.rng, plan.now
    span = dt.timedelta(days=3652).total_seconds()
    # More tickets in recent years (the company grew): density rises linearly towards today.
    moments = sorted(
        now - dt.timedelta(seconds=span * (1 - rng.random() ** 0.5)) for _ in range(plan.tickets)
    )
    counters = _current_counters(cursor)
    ticket_cols = ["id", "reference", "category_id", "item_id", "property_id", "unit_id", "common_area",
                   "reporter_id", "channel", "visibility", "status", "status_reason", "priority",
                   "respond_by", "due_at", "is_overdue", "team_id", "assignee_id", "contractor_id",
                   "description", "version", "created_at", "updated_at", "closed_at"]  # fmt: skip
    event_cols = ["id", "ticket_id", "kind", "actor_id", "actor_label", "is_public", "data", "created_at"]
    message_cols = [
        "id",
        "ticket_id",
        "kind",
        "author_id",
        "author_party_id",
        "author_label",
        "body",
        "created_at",
    ]
    stream = _TicketStream(plan, counters)
    copy_tickets = _SearchableTickets(cursor, ticket_cols) if search else None
    for start in range(0, plan.tickets, CHUNK):
        began = time.perf_counter()
        rows = [stream.ticket(i, moments[i]) for i in range(start, min(start + CHUNK, plan.tickets))]
        plan.timings["ticket rows (Python)"] = (
            plan.timings.get("ticket rows (Python)", 0) + time.perf_counter() - began
        )
        for model, cols, data, constants in (
            (Ticket, ticket_cols, [r[0] for r in rows], TICKET_CONSTANTS),
            (TicketEvent, event_cols, [e for r in rows for e in r[1]], {}),
            (Message, message_cols, [m for r in rows for m in r[2]], {}),
        ):
            began = time.perf_counter()
            if model is Ticket and copy_tickets:
                copy_tickets.insert(rows)
            else:
                copy_rows(cursor, model, cols, data, constants)
            table = model._meta.db_table
            plan.timings[table] = plan.timings.get(table, 0) + time.perf_counter() - began
        done = min(start + CHUNK, plan.tickets)
        if done % 100_000 == 0 or done == plan.tickets:
            log(f"tickets: {done:,} of {plan.tickets:,} (last COPY {time.perf_counter() - began:.1f} s)")
    plan.counters = stream.counters
    for key in ("ticket rows (Python)", "tickets_ticket", "tickets_ticketevent", "tickets_message"):
        plan.timings[key] = round(plan.timings[key], 2)
        log(f"{key}: {plan.timings[key]:.1f} s")


TICKET_CONSTANTS = {"answers": "{}"}


class _SearchableTickets:
    """Writes tickets with their full-text column computed as they are inserted, by the product's own
    expression (tickets.search.vector_sql): COPY into a staging table with the conversation's text beside
    each row, then one INSERT … SELECT per chunk. Filling the column afterwards would write every ticket
    twice."""

    def __init__(self, cursor, columns: list[str]):
        from tickets.models import Ticket
        from tickets.search import vector_sql

        self.cursor, self.columns = cursor, columns
        cursor.execute(
            "CREATE TEMP TABLE bench_ticket (LIKE tickets_ticket INCLUDING DEFAULTS INCLUDING GENERATED) "
            "ON COMMIT DROP"
        )
        cursor.execute("ALTER TABLE bench_ticket ADD COLUMN conversation text")
        names = copy_columns(Ticket, columns, TICKET_CONSTANTS)[0]
        listed = ", ".join(f'"{n}"' for n in names)
        self.insert_sql = (
            f"INSERT INTO tickets_ticket ({listed}, search_vector) "  # noqa: S608 - fixed names
            f"SELECT {', '.join(f's."{n}"' for n in names)}, {vector_sql('s', 's.conversation')} "
            "FROM bench_ticket s"
        )

    def insert(self, rows) -> None:
        from tickets.models import Ticket

        # The conversation as string_agg(body, ' ' ORDER BY id) reads it: messages come in id order.
        staged = [ticket + (" ".join(m[6] for m in messages),) for ticket, _, messages in rows]
        copy_rows(self.cursor, Ticket, self.columns, staged, TICKET_CONSTANTS, into="bench_ticket",
                  staged=["conversation"])  # fmt: skip
        self.cursor.execute(self.insert_sql)
        self.cursor.execute("TRUNCATE bench_ticket")


def _current_counters(cursor) -> dict[int, int]:
    cursor.execute("SELECT year, last FROM tickets_ticketreferencecounter")
    return dict(cursor.fetchall())


class _TicketStream:
    """Builds one ticket with its timeline rows and messages; ids and references count up in time order."""

    def __init__(self, plan: Plan, counters: dict[int, int]):
        from demo.texts import (
            CONTRACTOR_MESSAGES,
            DESCRIPTIONS,
            INTERNAL_NOTES,
            REJECT_REASONS,
            STAFF_REPLIES,
            TENANT_MESSAGES,
        )

        self.plan, self.rng, self.counters = plan, plan.rng, counters
        self.event_id = plan.base["tickets_ticketevent"]
        self.message_id = plan.base["tickets_message"]
        self.descriptions, self.reasons = DESCRIPTIONS, REJECT_REASONS
        self.general = DESCRIPTIONS["allgemein"]  # for catalog groups the demo texts do not cover
        self.texts = {"public": STAFF_REPLIES, "internal": INTERNAL_NOTES, "tenant": TENANT_MESSAGES,
                      "contractor": CONTRACTOR_MESSAGES, "email_in": TENANT_MESSAGES}  # fmt: skip
        self.cum = []
        total = 0.0
        for w in plan.item_weights:
            total += w
            self.cum.append(total)
        self.trades = {"sanitaer", "heizung", "elektro", "aufzug"}

    def ticket(self, i: int, created: dt.datetime):
        plan, rng = self.plan, self.rng
        b = plan.base
        u = rng.randrange(plan.units)
        p = _property_of_building(plan, u // UNITS_PER_BUILDING)
        item = rng.choices(plan.items, cum_weights=self.cum)[0]
        if item[5] and not item[5] <= _features_of(p):
            item = plan.plain_items[i % len(plan.plain_items)]
        item_id, category_id, group, priority, kind = item[:5]
        public = item[6] and rng.random() < 0.4
        old = (plan.now - created).days > 60
        weights = OLD if old else RECENT
        status = rng.choices(tuple(weights), weights=tuple(weights.values()))[0]
        team = (
            "Technik" if kind == "damage" else "Mietenbuchhaltung" if kind == "tenancy" else "Kundenservice"
        )
        assignee_id, assignee_name = plan.staff[team][p % len(plan.staff[team])]
        contractor = None
        if group in self.trades and status != "open":
            contractor = plan.contractors[group][p % len(plan.contractors[group])]
        year = created.astimezone(BERLIN).year
        number = self.counters.get(year, 0) + 1
        self.counters[year] = number
        respond, due = DUE_HOURS[priority]
        due_at = created + dt.timedelta(hours=due)
        closed = status in ("done", "rejected")
        horizon = min(plan.now, created + dt.timedelta(hours=rng.uniform(2, 24 * (25 if closed else 40))))
        ticket_id = b["tickets_ticket"] + i
        reporter_id = b["estate_party"] + u
        first, last, _ = _name(u)
        reporter = f"{first} {last}"
        events, messages = self._timeline(ticket_id, created, horizon, status, reporter, reporter_id,
                                          (assignee_id, assignee_name), contractor, i)  # fmt: skip
        ticket = (
            ticket_id, f"{year}-{number:06d}", category_id, item_id, b["estate_property"] + p,
            None if public else b["estate_unit"] + u, "staircase" if public else "", reporter_id,
            CHANNELS[i % len(CHANNELS)], "public" if public else "private", status,
            rng.choice(self.reasons) if status == "rejected" else "", priority,
            created + dt.timedelta(hours=respond), due_at, not closed and due_at < plan.now,
            plan.team_ids[team], assignee_id, contractor[0] if contractor else None,
            rng.choice(self.descriptions.get(group, self.general)), 1 + len(PATHS[status]), created,
            events[-1][7],
            events[-1][7] if closed else None,
        )  # fmt: skip
        return ticket, events, messages

    def _timeline(self, ticket_id, created, horizon, status, reporter, reporter_id, staff, contractor, i):
        rng = self.rng
        seconds = (horizon - created).total_seconds()
        steps = PATHS[status]
        step_times = sorted(rng.random() for _ in steps)
        message_times = [rng.random() for _ in range(MESSAGE_COUNTS[i % len(MESSAGE_COUNTS)])]
        plan = [(t, "status", n) for t, n in zip(step_times, steps, strict=True)]
        plan += [(t, "message", n) for n, t in enumerate(message_times)]
        plan.sort()
        events = [(self._next_event(), ticket_id, "created", None, reporter, True,
                   f'{{"channel": "{CHANNELS[i % len(CHANNELS)]}"}}', created)]  # fmt: skip
        messages = []
        previous = "open"
        for fraction, what, detail in plan:
            when = created + dt.timedelta(seconds=seconds * fraction)
            if what == "status":
                by_contractor = contractor and detail in ("in_progress", "done")
                actor_id, label = (None, contractor[1]) if by_contractor else staff
                data = STATUS_DATA[previous, detail]
                events.append((self._next_event(), ticket_id, "status", actor_id, label, True, data, when))
                previous = detail
                continue
            kind = (
                "public"
                if detail == 0 and steps
                else rng.choice(("public", "tenant", "internal", "email_in"))
            )
            if kind == "internal" and contractor and rng.random() < 0.5:
                kind = "contractor"
            if kind in ("tenant", "email_in"):
                author, party, label = None, reporter_id, reporter
            elif kind == "contractor":
                author, party, label = None, None, contractor[1]
            else:
                author, party, label = staff[0], None, staff[1]
            self.message_id += 1
            mid = self.message_id - 1
            messages.append((mid, ticket_id, kind, author, party, label, rng.choice(self.texts[kind]), when))
            data = f'{{"message_id": {mid}, "message_kind": "{kind}"}}'
            public = kind in ("public", "tenant", "email_in")
            events.append((self._next_event(), ticket_id, "message", author, label, public, data, when))
        return events, messages

    def _next_event(self) -> int:
        self.event_id += 1
        return self.event_id - 1


# --- helpers ------------------------------------------------------------------------------------------


def copy_rows(cursor, model, columns: list[str], rows, constants: dict | None = None, *,
              into: str | None = None, staged: list[str] = ()) -> int:  # fmt: skip
    """COPY `rows` (tuples in the order of `columns`) into the model's table. Every other column gets the
    value from `constants`, else the model field's default; a column without either must be nullable.
    `into` names another table with the same columns; its own `staged` columns follow `columns` in a row."""
    names, extra = copy_columns(model, columns, constants)
    names = names[: len(columns)] + list(staged) + names[len(columns) :]
    sql = f"COPY {into or model._meta.db_table} ({', '.join(f'"{n}"' for n in names)}) FROM STDIN"
    count = 0
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row + extra if extra else row)
            count += 1
    return count


def copy_columns(model, columns: list[str], constants: dict | None = None) -> tuple[list[str], tuple]:
    """The table's column names for `columns` plus every other column that needs a value, and those values."""
    meta = model._meta
    extra_columns, extra_values = [], []
    constants = constants or {}
    for f in meta.concrete_fields:
        if f.attname in columns or f.name in columns or getattr(f, "generated", False):
            continue
        if f.primary_key and f.db_returning:  # the database numbers it
            continue
        if f.attname in constants or f.name in constants:
            value = constants.get(f.attname, constants.get(f.name))
        elif f.has_default():
            value = f.get_default()
        elif f.null or f.has_db_default():
            continue
        elif f.empty_strings_allowed:  # CharField and friends without a default store ""
            value = ""
        else:
            raise ValueError(f"{meta.db_table}.{f.column} needs a value in the bench generator")
        extra_columns.append(f.column)
        extra_values.append(json.dumps(value) if isinstance(value, (dict, list)) else value)
    return [meta.get_field(c).column for c in columns] + extra_columns, tuple(extra_values)


def _finish(plan: Plan, cursor) -> None:
    for table in plan.base:
        if table == "counters":
            continue
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
        )
    for year, last in sorted(plan.counters.items()):
        cursor.execute(
            "INSERT INTO tickets_ticketreferencecounter (year, last) VALUES (%s, %s) ON CONFLICT (year) "
            "DO UPDATE SET last = greatest(tickets_ticketreferencecounter.last, excluded.last)",
            [year, last],
        )


def _drop_indexes(cursor, table: str) -> list[str]:
    """Drop the table's plain secondary indexes (keys and unique constraints stay); returns their DDL."""
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [ddl for _, ddl in indexes]


def _create_indexes(cursor, ddl: list[str]) -> None:
    for statement in ddl:
        cursor.execute(statement)


if __name__ == "__main__":
    main()
