"""Which of the report form's standard questions an item asks, by the kind of matter it is: a repair
asks for photos and when the tenant is at home; a tenancy matter or a document request asks for neither,
and an emergency skips the appointment (the tenant calls the emergency number instead)."""

from .models import CatalogItem, Category, Priority

# Matters a craftsman or the caretaker comes for: only these ask when the tenant is at home.
VISIT_KINDS = {Category.Kind.DAMAGE, Category.Kind.GENERAL}


def is_paperwork(item: CatalogItem) -> bool:
    """A tenancy matter (bank account, name, notice) or a document request: answered at the desk."""
    return bool(
        item.group.category.kind == Category.Kind.TENANCY
        or item.document_delivery
        or item.change_request_kind
    )


def asks_for_photos(item: CatalogItem) -> bool:
    return item.requires_photo or not is_paperwork(item)


def asks_for_appointment(item: CatalogItem) -> bool:
    """Availability and the contractor's call: for a visit that can be planned, not for an emergency."""
    return (
        not is_paperwork(item)
        and item.group.category.kind in VISIT_KINDS
        and item.default_priority != Priority.EMERGENCY
    )


def is_emergency(item: CatalogItem) -> bool:
    return item.default_priority == Priority.EMERGENCY
