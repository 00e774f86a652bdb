"""The process template of a certificate that waits for the case worker, installed by migration
certificates 0002 through processes.standard's installer (admins may rename it and change the deadline;
the step codes are stable, certificates.services keys on them). Its catalog item sits under
Vertragsanliegen → Bescheinigungen, not offered in the report form (the portal's Bescheinigungen page
starts it), so the ticket goes to the team responsible for tenancy matters (the rent accounting team).

bescheinigung (Bescheinigung; the tenant reads the name in the receipt mail and under Meine Vorgänge):
    request (the tenant's request, done at once), issue (staff: "issued" / "refused" → end, on the
    certificate's own staff page, which asks for the missing figures)
"""

from processes.standard import install_in_catalog, step

T, CW = "tenant", "case_worker"

TEMPLATE = "bescheinigung"
REQUEST, ISSUE = "request", "issue"
ISSUED, REFUSED = "issued", "refused"

# (code, de, en, nl, description, tenant_may_start, catalog item code)
TEMPLATES = [
    (
        TEMPLATE,
        "Bescheinigung",
        "Certificate",
        "Verklaring",
        "Eine Mietschuldenfreiheitsbescheinigung oder Mietbescheinigung, die unsere Daten nicht vollständig "
        "tragen: die Sachbearbeitung ergänzt die Angaben und stellt sie aus oder lehnt sie begründet ab.",
        True,
        "VA-BESCHEINIGUNG",
    ),
]

STEPS = {
    TEMPLATE: [
        step(REQUEST, "form", T, "Anfrage", "Request", "Aanvraag", visible=[T]),
        step(
            ISSUE,
            "decision",
            CW,
            "Bescheinigung ausstellen",
            "Issue the certificate",
            "Verklaring afgeven",
            visible=[T],
            days=3,
            outcomes={ISSUED: "end", REFUSED: "end"},
        ),
    ],
}

GROUP = ("bescheinigungen", "Bescheinigungen", "Certificates", "Verklaringen")


def install(apps) -> None:
    """Create what does not exist yet; what an admin changed stays. Takes the migration's `apps`."""
    install_in_catalog(apps, group=GROUP, position=97, templates=TEMPLATES, steps=STEPS)
