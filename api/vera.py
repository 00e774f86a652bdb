"""Our statuses in the VERA standard's codes (Referentiedata: soort, code, naam), sent beside our own so
an ERP or a contractor's system that speaks VERA maps nothing itself."""

from ninja import Schema

from catalogs.models import CatalogItem
from catalogs.vera import DEFECT_LOCATIONS
from tickets.status import Status


class Code(Schema):
    """VERA Referentiedata: the code list (soort), the code and its Dutch name."""

    soort: str
    code: str
    naam: str


# ONDERHOUDSVERZOEKSTATUS: a ticket is VERA's onderhoudsverzoek.
REQUEST_STATUS = {
    Status.OPEN: ("REG", "Geregistreerd"),
    Status.RELEASED: ("INB", "In behandeling"),
    Status.IN_PROGRESS: ("INB", "In behandeling"),
    Status.DONE: ("AFG", "Afgehandeld"),
    Status.REJECTED: ("GEA", "Geannuleerd"),
}

# ONDERHOUDSORDERSTATUS: a work order is VERA's onderhoudsorder.
ORDER_STATUS = {
    "issued": ("GUN", "Order gegund"),
    "accepted": ("GUN", "Order gegund"),
    "scheduled": ("PLN", "Order gepland"),
    "in_progress": ("INB", "In behandeling"),
    "done": ("TEC", "Technisch gereed"),
    "cancelled": ("GEA", "Geannuleerd"),
}

LOCATION_NAMES = dict(DEFECT_LOCATIONS)


def request_status(status: str) -> Code:
    code, name = REQUEST_STATUS[status]
    return Code(soort="ONDERHOUDSVERZOEKSTATUS", code=code, naam=name)


def order_status(state: str) -> Code:
    code, name = ORDER_STATUS[state]
    return Code(soort="ONDERHOUDSORDERSTATUS", code=code, naam=name)


def defect_location(item: CatalogItem) -> Code | None:
    code = item.vera_defect_location
    return Code(soort="DEFECTLOCATIE", code=code, naam=LOCATION_NAMES.get(code, "")) if code else None


def defect_kind(item: CatalogItem) -> Code | None:
    code = item.vera_defect_kind
    return Code(soort="DEFECTSOORT", code=code, naam="") if code else None
