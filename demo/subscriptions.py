"""Zusatzleistungen of the demo company: a small catalog (Rauchwarnmelder-Service, Gartenpflege, Stellplatz
in der Tiefgarage, Kellerraum, Waschmaschinenanschluss) with four parking spaces and two cellar rooms in
the first property; one tenant has a confirmed parking space, another's cellar room waits for staff. So
`make run` shows the portal's Zusatzleistungen, the back-office's list and the 360° view's section."""

from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from estate.models import Building, Unit
from notifications.models import OutboxMessage
from subscriptions import booking
from subscriptions.dates import first_start
from subscriptions.models import Service
from subscriptions.standard import install
from tickets.actors import Actor

from .company import Company

SERVICES = [
    # code, kind, de, en, nl, description (de, en, nl), price, VAT, unit kind, min. term, notice, confirmation
    (
        "rauchwarnmelder",
        Service.Kind.SMOKE_DETECTOR,
        "Rauchwarnmelder-Service",
        "Smoke detector service",
        "Rookmelderservice",
        "Jährliche Prüfung und Batteriewechsel aller Rauchwarnmelder Ihrer Wohnung durch eine Fachfirma.",
        "Annual check and battery change of every smoke detector in your flat by a specialist firm.",
        "Jaarlijkse controle en batterijwissel van alle rookmelders in uw woning door een vakbedrijf.",
        "2.50",
        "19.0",
        "",
        0,
        1,
        False,
    ),
    (
        "gartenpflege",
        Service.Kind.GARDEN,
        "Gartenpflege für den Mietergarten",
        "Care of the tenant's garden",
        "Onderhoud van de huurderstuin",
        "Rasen mähen, Hecke schneiden und Laub entfernen von April bis November.",
        "Mowing the lawn, trimming the hedge and clearing leaves from April to November.",
        "Gras maaien, heg snoeien en bladeren ruimen van april tot november.",
        "24.00",
        "19.0",
        "",
        6,
        1,
        True,
    ),
    (
        "stellplatz",
        Service.Kind.PARKING,
        "Stellplatz in der Tiefgarage",
        "Parking space in the underground car park",
        "Parkeerplaats in de parkeergarage",
        "Ein fester Stellplatz mit Handsender für das Garagentor.",
        "A parking space of your own with a remote control for the garage door.",
        "Een vaste parkeerplaats met afstandsbediening voor de garagedeur.",
        "45.00",
        None,
        Unit.Kind.PARKING,
        12,
        3,
        True,
    ),
    (
        "kellerraum",
        Service.Kind.STORAGE,
        "Zusätzlicher Kellerraum",
        "Additional cellar room",
        "Extra kelderberging",
        "Ein abschließbarer Kellerraum von etwa 6 m², trocken und mit Licht.",
        "A lockable cellar room of about 6 m², dry and with light.",
        "Een afsluitbare kelderberging van ongeveer 6 m², droog en met licht.",
        "15.00",
        None,
        Unit.Kind.STORAGE,
        0,
        1,
        True,
    ),
    (
        "waschmaschine",
        Service.Kind.WASHING_MACHINE,
        "Waschmaschinenanschluss im Waschkeller",
        "Washing machine connection in the laundry room",
        "Wasmachineaansluiting in de waskelder",
        "Ein eigener Anschluss mit Zähler für Ihre Waschmaschine im Waschkeller.",
        "A connection of your own with a meter for your washing machine in the laundry room.",
        "Een eigen aansluiting met meter voor uw wasmachine in de waskelder.",
        "8.00",
        "19.0",
        "",
        0,
        1,
        True,
    ),
]


def build_subscriptions(company: Company) -> None:
    install(apps)
    if Service.objects.exists():
        return  # seeded once: a second run changes nothing
    home = company.properties[0]
    building = Building.objects.filter(property=home).order_by("pk").first()
    for number in range(1, 5):
        Unit.objects.get_or_create(
            building=building,
            number=f"TG{number:02d}",
            defaults={"kind": Unit.Kind.PARKING, "floor": "Tiefgarage"},
        )
    for number in range(1, 3):
        Unit.objects.get_or_create(
            building=building,
            number=f"K{number:02d}",
            defaults={"kind": Unit.Kind.STORAGE, "floor": "Keller"},
        )
    services = {}
    for position, row in enumerate(SERVICES, start=1):
        code, kind, de, en, nl, text_de, text_en, text_nl, price, vat, unit_kind, term, notice, confirm = row
        services[code] = Service.objects.create(
            code=code,
            kind=kind,
            name_de=de,
            name_en=en,
            name_nl=nl,
            description_de=text_de,
            description_en=text_en,
            description_nl=text_nl,
            monthly_price=Decimal(price),
            vat_rate=Decimal(vat) if vat else None,
            all_properties=not unit_kind and code != "gartenpflege",
            unit_kind=unit_kind,
            minimum_term_months=term,
            notice_months=notice,
            needs_confirmation=confirm,
            position=position * 10,
        )
        if not services[code].all_properties:
            services[code].properties.add(home)
    tenants = [
        p
        for p in company.resident_logins
        if booking.home_of(p) and booking.home_of(p).unit.building.property_id == home.pk
    ]
    start = first_start(today=timezone.localdate(), monthly=True)
    staff = Actor.for_user(company.staff["e.yilmaz"])
    parking = services["stellplatz"]
    first = booking.subscription_book(
        party=tenants[0],
        service=parking,
        starts_on=start,
        unit=booking.free_units(parking, home).first(),
        actor=Actor.for_party(tenants[0]),
    )
    booking.subscription_decide(first, actor=staff, confirm=True)
    cellar = services["kellerraum"]
    waiting = booking.subscription_book(
        party=tenants[1],
        service=cellar,
        starts_on=start,
        unit=booking.free_units(cellar, home).first(),
        actor=Actor.for_party(tenants[1]),
    )
    # Like the history's, their mails count as sent: the mailbox shows the visitor's own sign-in link.
    tickets = [first.process.ticket_id, waiting.process.ticket_id]
    OutboxMessage.objects.filter(ticket_id__in=tickets, state=OutboxMessage.State.PENDING).update(
        state=OutboxMessage.State.SENT, sent_at=timezone.now()
    )
