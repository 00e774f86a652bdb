"""The demo housing company: three Berlin properties, their residents, staff teams and contractors.

Everything is looked up by a natural key before it is created, so running the seed twice changes nothing.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Absence, User
from accounts.roles import ADMINISTRATION, CASE_WORKER, TEAM_LEAD, sync_roles
from estate.models import (
    BoardMembership,
    Building,
    CaretakerAssignment,
    Contractor,
    ContractorContact,
    Ownership,
    Party,
    Property,
    PropertyFeature,
    Team,
    TeamMembership,
    Tenancy,
    Trade,
    Unit,
)

from .names import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES

# Shown on the console by seed_demo; the demo is for trying the product, never for production data.
DEMO_PASSWORD = "Musterstadt2026"  # noqa: S105
COMPANY_NAME = "Wohnungsbau Musterstadt eG"

# (code, name, street, postcode, feature codes, buildings as (street, number, flats per floor, floors))
PROPERTIES = (
    ("WE-001", "Wohnanlage Lindenhof", "Lindenstraße 12–16", "10969", ("aufzug", "tiefgarage"),
     (("Lindenstraße", "12", 2, 4), ("Lindenstraße", "14", 2, 4), ("Lindenstraße", "16", 2, 4))),
    ("WE-002", "Am Volkspark Friedrichshain", "Am Friedrichshain 21–23", "10407", ("garten",),
     (("Am Friedrichshain", "21", 3, 3), ("Am Friedrichshain", "23", 3, 3))),
    ("WE-003", "WEG Kastanienallee 54", "Kastanienallee 54", "10119", (),
     (("Kastanienallee", "54", 3, 3), ("Kastanienallee", "54a", 3, 3))),
)  # fmt: skip
WEG_CODE = "WE-003"
SIDES = {2: ("links", "rechts"), 3: ("links", "Mitte", "rechts")}
FLOOR_NAMES = ("EG", "1. OG", "2. OG", "3. OG", "4. OG")

# (username, first name, last name, team, is lead)
STAFF = (
    ("t.becker", "Thomas", "Becker", "Technik", True),
    ("m.wolf", "Markus", "Wolf", "Technik", False),
    ("j.schulz", "Julia", "Schulz", "Technik", False),
    ("s.krueger", "Sandra", "Krüger", "Kundenservice", True),
    ("e.yilmaz", "Elif", "Yılmaz", "Kundenservice", False),
    ("p.hoffmann", "Petra", "Hoffmann", "Mietenbuchhaltung", True),
    ("k.nowak", "Katrin", "Nowak", "Mietenbuchhaltung", False),
)
TEAMS = (("Technik", False), ("Kundenservice", True), ("Mietenbuchhaltung", False))

# (trade code, trade name, company, e-mail, phone, emergency phone, contact person)
CONTRACTORS = (
    ("sanitaer", "Sanitär", "Sanitär Krause GmbH", "auftrag@sanitaer-krause.example.org", "030 6912345",
     "0171 4455661", "Ralf Krause"),
    ("heizung", "Heizung", "Heizungsbau Lehmann & Söhne", "service@lehmann-heizung.example.org",
     "030 4223344", "0172 9988776", "Jens Lehmann"),
    ("elektro", "Elektro", "Elektro Schwarz GmbH", "dispo@elektro-schwarz.example.org", "030 7811223",
     "", "Bianca Schwarz"),
    ("aufzug", "Aufzug", "Aufzugsdienst Berlin-Brandenburg GmbH", "stoerung@aufzugsdienst-bb.example.org",
     "030 2900100", "0800 2900100", "Oliver Brandt"),
)  # fmt: skip

_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ş": "s", "ś": "s", "ç": "c"})


@dataclass
class Company:
    properties: list[Property] = field(default_factory=list)
    tenancies: list[Tenancy] = field(default_factory=list)
    staff: dict[str, User] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    contractors: dict[str, Contractor] = field(default_factory=dict)
    caretaker: Party | None = None
    admin: User | None = None
    resident_logins: list[Party] = field(default_factory=list)


def build_company(*, features: dict[str, PropertyFeature]) -> Company:
    company = Company()
    names = _name_stream(random.Random(2026))
    homes_of = {}
    for spec in PROPERTIES:
        prop, homes_of[spec[0]] = _build_property(spec, features)
        company.properties.append(prop)
    counter = 0
    for prop in company.properties:
        # The flats this spec built, only: parking spaces and cellar rooms (demo.subscriptions) are let as
        # Zusatzleistungen, and the flats of demo.letting stay vacant for their new tenants.
        homes = Unit.objects.filter(pk__in=[unit.pk for unit in homes_of[prop.code]])
        for unit in homes.select_related("building__property"):
            counter += 1
            first, last, salutation = next(names)
            if prop.code == WEG_CODE:
                owner = _party(f"E-{counter:05d}", first, last, salutation, living_elsewhere=counter % 2 == 0)
                Ownership.objects.get_or_create(
                    party=owner, unit=unit, defaults={"start": dt.date(2012, 7, 1), "share": "55/1000"}
                )
                if counter % 2 == 1:
                    continue  # owner-occupied: no tenancy
                first, last, salutation = next(names)
            tenant = _party(f"M-{counter:05d}", first, last, salutation)
            start = dt.date(2008 + counter % 16, 1 + counter % 12, 1)
            tenancy, _ = Tenancy.objects.get_or_create(
                party=tenant, unit=unit, defaults={"start": start, "contract_number": f"MV-{counter:05d}"}
            )
            company.tenancies.append(tenancy)
            if counter % 3 == 1:
                company.resident_logins.append(tenant)
    weg = company.properties[-1]
    for owner in Party.objects.filter(ownerships__unit__building__property=weg).distinct()[:3]:
        BoardMembership.objects.get_or_create(
            party=owner, property=weg, defaults={"start": dt.date(2022, 5, 1)}
        )
        company.resident_logins.append(owner)
    company.caretaker = _party("H-00001", "Detlef", "Hausmann", "Herr")
    for prop in company.properties[:2]:
        CaretakerAssignment.objects.get_or_create(
            party=company.caretaker, property=prop, defaults={"start": dt.date(2015, 1, 1)}
        )
    company.resident_logins.append(company.caretaker)
    for party in company.resident_logins:
        _resident_login(party)
    build_staff(company)
    build_contractors(company)
    return company


def _name_stream(rng: random.Random):
    seen: set[tuple[str, str]] = set()
    while True:
        female = rng.random() < 0.5
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        last = rng.choice(LAST_NAMES)
        if (first, last) not in seen:
            seen.add((first, last))
            yield first, last, "Frau" if female else "Herr"


def email_for(first: str, last: str) -> str:
    return f"{first}.{last}".lower().translate(_ASCII).replace(" ", "") + "@example.org"


def _build_property(spec, features) -> tuple[Property, list[Unit]]:
    code, name, street, postcode, feature_codes, buildings = spec
    prop, created = Property.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "street": street,
            "postcode": postcode,
            "city": "Berlin",
            "state": "BE",
            "access_notes": "Schlüssel beim Hauswart; Keller über den Hof.",
        },
    )
    if created:
        prop.features.set([features[c] for c in feature_codes])
    homes = []
    for street_name, number, per_floor, floors in buildings:
        building, _ = Building.objects.get_or_create(
            property=prop,
            street=street_name,
            house_number=number,
            defaults={"postcode": postcode, "city": "Berlin"},
        )
        flat = 0
        for floor in range(floors):
            for side in SIDES[per_floor]:
                flat += 1
                unit, _ = Unit.objects.get_or_create(
                    building=building,
                    number=f"W{flat:02d}",
                    defaults={
                        "floor": f"{FLOOR_NAMES[floor]} {side}",
                        "rooms": 2 + flat % 3,
                        "area": 48 + 11 * (flat % 4),
                    },
                )
                homes.append(unit)
    return prop, homes


def _party(number: str, first: str, last: str, salutation: str, *, living_elsewhere: bool = False) -> Party:
    address = {"street": "Dorfstraße 3", "postcode": "14473", "city": "Potsdam"} if living_elsewhere else {}
    party, _ = Party.objects.get_or_create(
        number=number,
        defaults={
            "first_name": first,
            "last_name": last,
            "salutation": salutation,
            "email": email_for(first, last),
            "phone": f"030 {5550000 + int(number[2:]):07d}",
            **address,
        },
    )
    return party


def _resident_login(party: Party) -> None:
    """Residents sign in by magic link, so their account has no usable password."""
    if party.user_id:
        return
    user, created = User.objects.get_or_create(
        username=party.email,
        defaults={"email": party.email, "first_name": party.first_name, "last_name": party.last_name},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    party.user = user
    party.save(update_fields=["user"])


def build_staff(company: Company) -> None:
    # Hashing is slow on purpose; one hash for all demo accounts keeps the seed fast.
    password = make_password(DEMO_PASSWORD)
    # What staff may do comes with their role group: without one a demo case worker could not see the
    # closed cases of her team or approve a tenant's new bank account.
    sync_roles()
    roles = Group.objects.in_bulk([ADMINISTRATION, TEAM_LEAD, CASE_WORKER], field_name="name")
    company.admin = _staff_user("admin", "Andrea", "Admin", password, superuser=True)
    company.admin.groups.add(roles[ADMINISTRATION])
    for name, is_fallback in TEAMS:
        company.teams[name] = Team.objects.get_or_create(
            name=name, defaults={"is_fallback": is_fallback, "email": f"{name.lower()}@example.org"}
        )[0]
    for username, first, last, team_name, is_lead in STAFF:
        user = _staff_user(username, first, last, password)
        user.groups.add(roles[TEAM_LEAD if is_lead else CASE_WORKER])
        company.staff[username] = user
        team = company.teams[team_name]
        TeamMembership.objects.get_or_create(team=team, user=user)
        if is_lead and team.lead_id != user.pk:
            team.lead = user
            team.save(update_fields=["lead"])
    away = company.staff["m.wolf"]
    if not away.absences.exists():
        today = timezone.localdate()
        Absence.objects.create(
            user=away,
            starts_on=today - dt.timedelta(days=3),
            ends_on=today + dt.timedelta(days=11),
            deputy=company.staff["j.schulz"],
            note="Urlaub",
        )


def _staff_user(username: str, first: str, last: str, password: str, *, superuser: bool = False) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.org",
            "is_staff": True,
            "is_superuser": superuser,
            "password": password,
        },
    )
    return user


def build_contractors(company: Company) -> None:
    for trade_code, trade_name, name, email, phone, emergency, contact in CONTRACTORS:
        trade, _ = Trade.objects.get_or_create(code=trade_code, defaults={"name": trade_name})
        contractor, created = Contractor.objects.get_or_create(
            name=name,
            defaults={
                "email": email,
                "phone": phone,
                "emergency_phone": emergency,
                "street": "Gewerbehof 7",
                "postcode": "12099",
                "city": "Berlin",
            },
        )
        if created:
            contractor.trades.set([trade])
        ContractorContact.objects.get_or_create(
            contractor=contractor,
            name=contact,
            defaults={"role": "Disposition", "phone": phone, "email": email},
        )
        company.contractors[trade_code] = contractor
