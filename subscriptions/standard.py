"""The process templates of Zusatzleistungen, installed by migration subscriptions 0002 through
processes.standard's installer (admins may rename them and change deadlines later; the step codes are
stable, subscriptions.booking keys on them). Each gets a catalog item of its own under Vertragsanliegen →
Zusatzleistungen, not offered in the report form, so its ticket is routed to the team responsible.

zusatzleistung (Zusatzleistung buchen, the tenant starts it in the portal):
    request (the tenant's booking), confirmation (staff: "confirmed" / "refused" → end; done by the
    system at once where the service needs no confirmation)
zusatzleistung_kuendigung (Zusatzleistung kündigen, the tenant starts it in the portal):
    notice (the tenant's notice with the end date), confirmation (as above)
"""

from processes.standard import install_templates, step

T, CW = "tenant", "case_worker"

BOOKING, CANCELLATION = "zusatzleistung", "zusatzleistung_kuendigung"
REQUEST, NOTICE, CONFIRMATION = "request", "notice", "confirmation"
CONFIRMED, REFUSED = "confirmed", "refused"

# (code, de, en, nl, description, tenant_may_start, catalog item code)
TEMPLATES = [
    (
        BOOKING,
        "Zusatzleistung buchen",
        "Book an additional service",
        "Aanvullende dienst boeken",
        "Der Mieter bucht eine Zusatzleistung (Stellplatz, Kellerraum, Gartenpflege, ...) ab einem "
        "Monatsersten; die Sachbearbeitung bestätigt die Zusatzvereinbarung.",
        True,
        "ZL-BUCHUNG",
    ),
    (
        CANCELLATION,
        "Zusatzleistung kündigen",
        "Cancel an additional service",
        "Aanvullende dienst opzeggen",
        "Der Mieter kündigt eine Zusatzvereinbarung frühestens zum Ende der Kündigungsfrist; die "
        "Sachbearbeitung bestätigt das Ende.",
        True,
        "ZL-KUENDIGUNG",
    ),
]


def _confirmation():
    return step(
        CONFIRMATION,
        "decision",
        CW,
        "Bestätigung",
        "Confirmation",
        "Bevestiging",
        visible=[T],
        days=3,
        outcomes={CONFIRMED: "end", REFUSED: "end"},
    )


STEPS = {
    BOOKING: [
        step(REQUEST, "form", T, "Buchung", "Booking", "Boeking", visible=[T]),
        _confirmation(),
    ],
    CANCELLATION: [
        step(NOTICE, "form", T, "Kündigung", "Notice", "Opzegging", visible=[T]),
        _confirmation(),
    ],
}

CATEGORY = ("vertrag", "tenancy", "Vertragsanliegen", "Tenancy matters", "Huurzaken")
GROUP = ("zusatzleistungen", "Zusatzleistungen", "Additional services", "Aanvullende diensten")


def install(apps) -> None:
    """Create what does not exist yet (templates, steps, their catalog items); what an admin changed stays.
    Takes the migration's `apps`, so it runs with the historical models."""
    Category = apps.get_model("catalogs", "Category")
    CatalogGroup = apps.get_model("catalogs", "CatalogGroup")
    CatalogItem = apps.get_model("catalogs", "CatalogItem")
    code, kind, de, en, nl = CATEGORY
    category, _ = Category.objects.get_or_create(
        code=code, defaults={"kind": kind, "name_de": de, "name_en": en, "name_nl": nl}
    )
    code, de, en, nl = GROUP
    group, _ = CatalogGroup.objects.get_or_create(
        category=category, code=code, defaults={"name_de": de, "name_en": en, "name_nl": nl, "position": 95}
    )
    items = {}
    for code, de, en, nl, _description, _tenant_may_start, item_code in TEMPLATES:
        items[code], _ = CatalogItem.objects.get_or_create(
            code=item_code,
            defaults={
                "group": group,
                "name_de": de,
                "name_en": en,
                "name_nl": nl,
                "staff_label": de,
                "tenant_selectable": False,
            },
        )
    install_templates(
        apps.get_model("processes", "ProcessTemplate"),
        apps.get_model("processes", "StepTemplate"),
        [row[:6] for row in TEMPLATES],
        STEPS,
        catalog_items=items,
    )
