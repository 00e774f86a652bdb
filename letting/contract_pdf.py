"""The tenancy agreement (Mietvertrag über Wohnraum) as a DIN 5008 PDF with the company's letterhead
(WeasyPrint, the letters' stylesheet, page numbers from letters/base.html): the parties, the unit's data,
rent, operating-cost prepayment, total, deposit, start, and the standard clauses admins edit
(ContractClause). Two renderings:

    contract_pdf(letting) -> bytes              the agreement both sides sign (its SHA-256 is signed)
    final_pdf(letting) -> bytes                 the same with both signature blocks and an audit page,
                                                which letting.services seals
"""

import base64
import functools
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from estate import money

from .models import ContractClause, Letting

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def euro(amount) -> str:
    """The tenancy agreement is a German document: 1.234,50 € (estate.money)."""
    return money.euro(amount, language="de")


def _placeholders(letting: Letting) -> dict[str, str]:
    return {
        "beginn": date_format(letting.start, "d.m.Y"),
        "miete": euro(letting.rent_net),
        "vorauszahlung": euro(letting.operating_costs),
        "gesamtmiete": euro(letting.total_rent),
        "kaution": euro(letting.deposit),
        "einheit": str(letting.unit),
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Replace the known {placeholders}; anything else an admin typed in braces stays as written."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def clauses(letting: Letting) -> list[dict]:
    values = _placeholders(letting)
    return [
        {
            "number": number,
            "title": clause.title,
            "paragraphs": [" ".join(p.split()) for p in fill(clause.body, values).split("\n\n") if p.strip()],
        }
        for number, clause in enumerate(ContractClause.objects.active(), start=4)
    ]


def _data_uri(field) -> str:
    if not field:
        return ""
    try:
        with field.open("rb") as source:
            raw = source.read()
    except OSError:
        return ""
    return f"data:image/png;base64,{base64.b64encode(raw).decode('ascii')}"


# DIN 5008: the address block names the person with their salutation, "Herr" in the accusative.
ADDRESS_SALUTATION = {"Frau": "Frau", "Herr": "Herrn"}


def addressee(party) -> str:
    """The first line of the address block: "Frau Lena Neumann", "Herrn Max Kühn"."""
    if party.kind == party.Kind.COMPANY:
        return party.display_name
    salutation = ADDRESS_SALUTATION.get(party.salutation.strip(), party.salutation.strip())
    return " ".join(p for p in (salutation, party.display_name) if p)


def tenant_word(party) -> str:
    """How the agreement names the tenant: by their salutation, else both forms."""
    return {"Frau": "Mieterin", "Herr": "Mieter"}.get(party.salutation.strip(), "Mieterin / Mieter")


def by_tenant(party) -> str:
    """Who signs first, as the agreement's note on signing names them ("erst von der Mieterin, ...")."""
    return {"Frau": "von der Mieterin", "Herr": "vom Mieter"}.get(
        party.salutation.strip(), "von der Mieterin / dem Mieter"
    )


def context(letting: Letting, *, signed: bool = False) -> dict:
    party, unit = letting.party, letting.unit
    building = unit.building
    tenant = tenant_word(party)
    rows = []
    if signed:
        for label, signature in (
            (tenant, letting.tenant_signature),
            ("für den Vermieter", letting.staff_signature),
        ):
            if signature is not None:
                rows.append({"label": label, "signature": signature, "image": _data_uri(signature.image)})
    return {
        "company": settings.COMPANY,
        "letterhead": settings.LETTERHEAD,
        "logo": settings.LETTERHEAD.get("logo", ""),
        "date": timezone.localdate(letting.created_at) if letting.created_at else timezone.localdate(),
        "language": "de",
        "recipient": [
            addressee(party),
            party.street or f"{building.street} {building.house_number}",
            f"{party.postcode} {party.city}".strip()
            if party.street
            else f"{building.postcode} {building.city}",
        ],
        "reference": letting.contract_number,
        "letting": letting,
        "party": party,
        "tenant_word": tenant,
        "by_tenant": by_tenant(party),
        "unit": unit,
        "building": building,
        "rent_net": euro(letting.rent_net),
        "operating_costs": euro(letting.operating_costs),
        "total_rent": euro(letting.total_rent),
        "deposit": euro(letting.deposit),
        "clauses": clauses(letting),
        "signed": signed,
        "signatures": rows,
        "contract_hash": letting.contract_hash,
    }


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def _stylesheets() -> tuple[CSS, ...]:
    return (
        CSS(filename=str(STATIC_DIR / "letters" / "letter.css"), font_config=_font_config()),
        CSS(filename=str(STATIC_DIR / "letting" / "lease.css"), font_config=_font_config()),
    )


def _render(template: str, ctx: dict) -> bytes:
    with translation.override("de"):  # the agreement is a German legal text, whatever the reader's language
        html = render_to_string(template, ctx)
    document = HTML(
        string=html,
        base_url=str(STATIC_DIR) + "/",
        url_fetcher=URLFetcher(allowed_protocols={"file", "data"}),
    )
    return document.write_pdf(stylesheets=_stylesheets(), font_config=_font_config())


def contract_pdf(letting: Letting) -> bytes:
    return _render("letters/lease.html", context(letting))


def final_pdf(letting: Letting) -> bytes:
    return _render("letters/lease.html", context(letting, signed=True))
