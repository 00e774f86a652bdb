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

from processes.standard import install_in_catalog, step

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

GROUP = ("zusatzleistungen", "Zusatzleistungen", "Additional services", "Aanvullende diensten")


def install(apps) -> None:
    """Create what does not exist yet (templates, steps, their catalog items); what an admin changed stays.
    Takes the migration's `apps`, so it runs with the historical models."""
    install_in_catalog(apps, group=GROUP, position=95, templates=TEMPLATES, steps=STEPS)
