"""Das Abnahmeprotokoll (Vorabnahmeprotokoll): its shape, the bytes its signatures cover, and its PDF.

What is signed is a canonical rendering of the protocol's data (sorted-key JSON of the place, the
rooms with their items, the meters, the keys and the remarks), not the PDF: WeasyPrint does not write the
same bytes twice (creation date, font subset names), so a hash over a PDF could never be checked again
against the protocol; the canonical data can, at any time (`verify`). The final PDF prints that hash under
the signatures, and its own SHA-256 is kept with the inspection, so the stored file can be checked too.

    new_protocol() -> dict
    canonical(inspection) -> bytes          what tenant and inspector sign
    protocol_hash(inspection) -> str
    render_pdf(inspection, *, signatures=()) -> bytes
"""

import base64
import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from estate.models import Party
from tickets.models import Attachment

from .access import tenants_of
from .inspection_models import Inspection
from .inspections import Place, place_of
from .models import Signature

STATIC_DIR = Path(settings.BASE_DIR) / "static"

OK, DEFECT, MISSING = "ok", "defect", "missing"
CONDITIONS = {OK: _("in Ordnung"), DEFECT: _("Mängel"), MISSING: _("fehlt")}
TENANT, COMPANY = "tenant", "company"
FIXERS = {TENANT: _("Mieter/in beseitigt"), COMPANY: _("Vermieter beseitigt")}
METERS = {
    "strom": _("Strom"),
    "gas": _("Gas"),
    "wasser_kalt": _("Wasser kalt"),
    "wasser_warm": _("Wasser warm"),
    "waerme": _("Wärme"),
}

# The rooms and items a protocol starts with, in the company's words; the inspector adds rooms.
COMMON_ITEMS = ["Wände und Decke", "Fußboden", "Türen", "Fenster", "Heizkörper", "Schalter und Steckdosen"]
ROOMS = [
    ("Flur", COMMON_ITEMS),
    ("Küche", [*COMMON_ITEMS, "Spüle und Armaturen", "Herd und Abzug", "Fliesenspiegel"]),
    ("Bad", [*COMMON_ITEMS, "WC", "Waschbecken", "Wanne / Dusche", "Fliesen und Fugen"]),
    ("Wohnzimmer", COMMON_ITEMS),
    ("Schlafzimmer", COMMON_ITEMS),
    ("Balkon", ["Boden", "Geländer", "Markise"]),
    ("Keller", ["Kellerraum geräumt", "Tür und Schloss"]),
]
KEYS = ["Haustür", "Wohnungstür", "Briefkasten", "Keller"]
# Fields an item carries that the signatures do not cover: the repair ticket is opened after signing.
UNSIGNED_ITEM_FIELDS = {"ticket"}


def new_item(name: str) -> dict:
    return {"name": name, "condition": "", "note": "", "photos": [], "fixer": "", "deadline": "", "item": ""}


def new_room(name: str, items: list[str] | None = None) -> dict:
    return {"name": name, "items": [new_item(i) for i in (items or COMMON_ITEMS)]}


def new_protocol() -> dict:
    return {
        "rooms": [new_room(name, items) for name, items in ROOMS],
        "meters": [{"kind": kind, "number": "", "value": ""} for kind in METERS],
        "keys": [{"kind": kind, "count": 0} for kind in KEYS],
        "remarks": "",
    }


def defects(protocol: dict) -> list[tuple[dict, dict]]:
    """(room, item) of every item not in order."""
    return [
        (room, item)
        for room in protocol.get("rooms", [])
        for item in room.get("items", [])
        if item.get("condition") in (DEFECT, MISSING)
    ]


def _place(inspection: Inspection) -> Place:
    """The home this protocol is of (its step's, not always the ticket's: the swap inspects two)."""
    cached = inspection.__dict__.get("_place")
    if cached is None:
        cached = inspection.__dict__["_place"] = place_of(inspection.process, inspection.step.template.code)
    return cached


def _signed_view(inspection: Inspection) -> dict:
    protocol = inspection.protocol or {}
    ticket = inspection.process.ticket
    rooms = [
        {
            "name": room.get("name", ""),
            "items": [
                {k: v for k, v in item.items() if k not in UNSIGNED_ITEM_FIELDS}
                for item in room.get("items", [])
            ],
        }
        for room in protocol.get("rooms", [])
    ]
    return {
        "reference": ticket.reference,
        "step": inspection.step.template.code,
        "inspection": inspection.pk,
        "place": _place(inspection).text,
        "rooms": rooms,
        "meters": protocol.get("meters", []),
        "keys": protocol.get("keys", []),
        "remarks": protocol.get("remarks", ""),
    }


def canonical(inspection: Inspection) -> bytes:
    return json.dumps(
        _signed_view(inspection), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def protocol_hash(inspection: Inspection) -> str:
    return hashlib.sha256(canonical(inspection)).hexdigest()


# --- the PDF -------------------------------------------------------------------------------------------


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def _stylesheets() -> tuple[CSS, ...]:
    return (
        CSS(filename=str(STATIC_DIR / "letters" / "letter.css"), font_config=_font_config()),
        CSS(filename=str(STATIC_DIR / "processes" / "protocol.css"), font_config=_font_config()),
    )


@functools.cache
def _url_fetcher() -> URLFetcher:
    # Our own files and the images we embed as data: URIs; nothing typed into the protocol is fetched.
    return URLFetcher(allowed_protocols={"file", "data"})


def _data_uri(field, content_type: str) -> str:
    if not field:
        return ""
    try:
        with field.open("rb") as source:
            raw = source.read()
    except OSError:
        return ""
    return f"data:{content_type};base64,{base64.b64encode(raw).decode('ascii')}"


def _recipient(inspection: Inspection, tenants: list[Party]) -> tuple[str, ...]:
    ticket = inspection.process.ticket
    names = ", ".join(p.display_name for p in tenants) or ticket.reporter_name
    place = _place(inspection)
    if place.unit is not None:
        building = place.unit.building
        return (names, f"{building.street} {building.house_number}", f"{building.postcode} {building.city}")
    return (names, place.prop.address)


def _photos(protocol: dict) -> dict[int, str]:
    ids = [pid for _room, item in _all_items(protocol) for pid in item.get("photos", [])]
    rows = Attachment.objects.filter(pk__in=ids)
    return {a.pk: _data_uri(a.thumbnail or a.file, "image/jpeg") for a in rows}


def _all_items(protocol: dict):
    for room in protocol.get("rooms", []):
        for item in room.get("items", []):
            yield room, item


def context(inspection: Inspection, *, signatures: list[Signature] = ()) -> dict:
    protocol = inspection.protocol or {}
    process = inspection.process
    tenants = tenants_of(process)
    photos = _photos(protocol)
    rooms = []
    for room in protocol.get("rooms", []):
        items = []
        for item in room.get("items", []):
            items.append(
                {
                    **item,
                    "condition_label": CONDITIONS.get(item.get("condition"), "–"),
                    "deadline_date": parse_date(item.get("deadline") or ""),
                    "fixer_label": FIXERS.get(item.get("fixer"), ""),
                    "photo_uris": [photos[p] for p in item.get("photos", []) if photos.get(p)],
                }
            )
        rooms.append({"name": room.get("name", ""), "items": items})
    return {
        "inspection": inspection,
        "title": inspection.step.template.label,
        "ticket": process.ticket,
        "place": _place(inspection),
        "tenants": tenants,
        "inspector": inspection.inspector,
        "rooms": rooms,
        "defects": [
            (room, item)
            for room in rooms
            for item in room["items"]
            if item.get("condition") in (DEFECT, MISSING)
        ],
        "meters": [
            {**m, "label": METERS.get(m.get("kind"), m.get("kind"))} for m in protocol.get("meters", [])
        ],
        "keys": protocol.get("keys", []),
        "remarks": protocol.get("remarks", ""),
        "hash": protocol_hash(inspection),
        "signatures": [{"signature": s, "image": _data_uri(s.image, "image/png")} for s in signatures],
        "recipient": _recipient(inspection, tenants),
        "reference": process.ticket.reference,
    }


def render_pdf(inspection: Inspection, *, signatures: list[Signature] = (), language: str = "de") -> bytes:
    """The protocol as a DIN 5008 document; with `signatures`, the signed copy (images, who, when)."""
    with translation.override(language):
        html = render_to_string(
            "processes/protocol.html",
            {
                "company": settings.COMPANY,
                "letterhead": settings.LETTERHEAD,
                "logo": settings.LETTERHEAD.get("logo", ""),
                "date": timezone.localdate(),
                "language": language,
                **context(inspection, signatures=signatures),
            },
        )
    document = HTML(string=html, base_url=str(STATIC_DIR) + "/", url_fetcher=_url_fetcher())
    return document.write_pdf(stylesheets=_stylesheets(), font_config=_font_config())
