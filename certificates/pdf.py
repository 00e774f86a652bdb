"""The certificates as DIN 5008 PDFs with the company's letterhead (WeasyPrint, the letters' stylesheet and
templates/letters/base.html). Official documents: always German, whatever the reader's language. The text
is built from the certificate's stored figures only, so the PDF says exactly what the record holds.

    context(certificate) -> dict         plain strings (a print batch may keep it)
    certificate_pdf(certificate) -> bytes
"""

import functools
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from estate import money
from estate.models import Party, Unit
from estate.salutations import salutation_for

from .models import Certificate

STATIC_DIR = Path(settings.BASE_DIR) / "static"
TEMPLATES = {
    Certificate.Kind.REGISTRATION: "letters/certificate_registration.html",
    Certificate.Kind.NO_ARREARS: "letters/certificate_no_arrears.html",
    Certificate.Kind.RENT: "letters/certificate_rent.html",
}
# DIN 5008: the address block names the person with their salutation, "Herr" in the accusative.
ADDRESS_SALUTATION = {"Frau": "Frau", "Herr": "Herrn"}


def euro(amount) -> str:
    """Certificates are German documents: 1.234,50 € whatever the reader's language (estate.money)."""
    return money.euro(amount, language="de")


def day(value) -> str:
    return date_format(value, "d.m.Y") if value else ""


def _number(value) -> str:
    return number_format(Decimal(value).normalize(), decimal_pos=None) if value is not None else ""


def addressee(party: Party) -> str:
    if party.kind == Party.Kind.COMPANY:
        return party.display_name
    salutation = ADDRESS_SALUTATION.get(party.salutation.strip(), party.salutation.strip())
    return " ".join(p for p in (salutation, party.display_name) if p)


def home_lines(unit: Unit) -> str:
    """Straße Hausnummer, Lage and number of the home, PLZ Ort: the address the registration office needs."""
    building = unit.building
    position = ", ".join(p for p in (unit.floor, f"Wohnung Nr. {unit.number}") if p)
    return f"{building.street} {building.house_number}\n{position}\n{building.postcode} {building.city}"


def _recipient(party: Party, unit: Unit | None) -> list[str]:
    if party.street and party.city:
        return [addressee(party), party.street, f"{party.postcode} {party.city}".strip()]
    if unit is None:
        return [addressee(party)]
    building = unit.building
    return [
        addressee(party),
        f"{building.street} {building.house_number}",
        f"{building.postcode} {building.city}",
    ]


def _company() -> str:
    company = settings.COMPANY
    return f"{company['name']}\n{company['street']}\n{company['postcode']} {company['city']}"


def _registration_facts(certificate: Certificate, unit: Unit) -> list[list[str]]:
    owner = certificate.owner or "Der Wohnungsgeber ist zugleich Eigentümer der Wohnung."
    event = "Einzug" if certificate.event == Certificate.Event.MOVE_IN else "Auszug"
    return [
        ["Wohnungsgeber", _company()],
        ["Eigentümer der Wohnung", owner],
        ["Meldepflichtiger Vorgang", event],
        [f"Datum des {event}s", day(certificate.event_date)],
        ["Anschrift der Wohnung", home_lines(unit)],
        ["Meldepflichtige Personen", "\n".join(certificate.persons)],
    ]


def _tenants(certificate: Certificate) -> str:
    return "\n".join(certificate.persons) or certificate.party.display_name


def context(certificate: Certificate) -> dict:
    party = certificate.party
    tenancy = certificate.tenancy
    unit = tenancy.unit if tenancy else None
    issued_on = timezone.localdate(certificate.decided_at) if certificate.decided_at else timezone.localdate()
    with translation.override("de"):
        ctx = {
            "company": settings.COMPANY,
            "letterhead": settings.LETTERHEAD,
            "logo": settings.LETTERHEAD.get("logo", ""),
            "date": issued_on,
            "language": "de",
            "recipient": _recipient(party, unit),
            "reference": certificate.reference,
            "salutation": salutation_for(party),
        }
    if certificate.kind == Certificate.Kind.REGISTRATION:
        ctx.update(
            facts=_registration_facts(certificate, unit),
            persons=list(certificate.persons),
            move_in=certificate.event == Certificate.Event.MOVE_IN,
            event_date=day(certificate.event_date),
        )
    elif certificate.kind == Certificate.Kind.NO_ARREARS:
        ctx.update(
            as_of=day(certificate.statement_as_of),
            facts=[
                ["Mietpartei", _tenants(certificate)],
                ["Wohnung", home_lines(unit)],
                ["Mietverhältnis seit", day(tenancy.start)],
                ["Stand der Mietenbuchhaltung", day(certificate.statement_as_of)],
                ["Mietrückstände", "keine"],
            ],
        )
    else:
        ctx.update(
            as_of=day(issued_on),
            facts=[
                ["Mietpartei", _tenants(certificate)],
                ["Wohnung", home_lines(unit)],
                ["Mietbeginn", day(tenancy.start)],
                ["Wohnfläche", f"{_number(certificate.area)} m²"],
                ["Zimmer", _number(certificate.rooms)],
                ["Personen im Haushalt", str(certificate.household)],
            ],
            rent=[
                ["Grundmiete (Nettokaltmiete)", euro(certificate.rent_net)],
                ["Betriebskostenvorauszahlung", euro(certificate.operating_costs)],
                ["Heizkostenvorauszahlung", euro(certificate.heating_costs)],
                ["Gesamtmiete monatlich", euro(certificate.total_rent)],
            ],
        )
    return ctx


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def _stylesheets() -> tuple[CSS, ...]:
    return (CSS(filename=str(STATIC_DIR / "letters" / "letter.css"), font_config=_font_config()),)


def render(template: str, ctx: dict) -> bytes:
    with translation.override("de"):  # an official certificate is German, whatever the reader's language
        html = render_to_string(template, ctx)
    document = HTML(
        string=html, base_url=str(STATIC_DIR) + "/", url_fetcher=URLFetcher(allowed_protocols={"file"})
    )
    return document.write_pdf(stylesheets=_stylesheets(), font_config=_font_config())


def certificate_pdf(certificate: Certificate) -> bytes:
    return render(TEMPLATES[certificate.kind], context(certificate))
