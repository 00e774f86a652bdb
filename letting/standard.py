"""The letting process template, installed by migration letting 0002 through processes.standard's installer
(admins may rename it and change deadlines later; the step codes are stable, letting keys on them). It gets
a catalog item of its own under Vertragsanliegen → Vermietung, not offered in the report form, so its
ticket is routed to the team responsible for lettings.

vermietung (Vermietung mit Mietvertrag, staff or the allocation system start it):
    tenant_signature (the new tenant signs the agreement in the portal → "agreed"),
    countersignature (staff countersign → "signed"; the agreement is sealed, kept and mailed, the
    tenancy created) → end
"""

from processes.standard import install_in_catalog, step

T, CW = "tenant", "case_worker"

TEMPLATE = "vermietung"
TENANT_SIGNATURE, COUNTERSIGNATURE = "tenant_signature", "countersignature"
ITEM_CODE = "VM-MIETVERTRAG"

# (code, de, en, nl, description, tenant_may_start)
TEMPLATES = [
    (
        TEMPLATE,
        "Vermietung mit Mietvertrag",
        "Letting with a tenancy agreement",
        "Verhuur met huurovereenkomst",
        "Neuer Mietvertrag: die neue Mieterin / der neue Mieter unterschreibt im Portal, die Sachbearbeitung "
        "zeichnet gegen, der Vertrag wird mit dem Siegel des Unternehmens versiegelt.",
        False,
    ),
]

STEPS = {
    TEMPLATE: [
        step(
            TENANT_SIGNATURE,
            "consent",
            T,
            "Mietvertrag unterschreiben",
            "Sign the tenancy agreement",
            "Huurovereenkomst ondertekenen",
            visible=[T],
            days=14,
            outcomes={"agreed": COUNTERSIGNATURE},
        ),
        step(
            COUNTERSIGNATURE,
            "decision",
            CW,
            "Gegenzeichnung",
            "Countersignature",
            "Medeondertekening",
            visible=[T],
            days=3,
            outcomes={"signed": "end"},
        ),
    ],
}

GROUP = ("vermietung", "Vermietung", "Letting", "Verhuur")


def install(apps) -> None:
    """Create what does not exist yet (templates, steps, their catalog items); what an admin changed stays.
    Takes the migration's `apps`, so it runs with the historical models."""
    install_in_catalog(
        apps,
        group=GROUP,
        position=91,
        templates=[(*row, ITEM_CODE) for row in TEMPLATES],
        steps=STEPS,
        item_names={
            ITEM_CODE: (
                "Mietvertrag (Neuvermietung)",
                "Tenancy agreement (new letting)",
                "Huurovereenkomst (nieuwe verhuur)",
                "Mietvertrag",
            )
        },
    )


# The standard clauses a new installation starts with; admins change them under Vertragsklauseln.
CLAUSES = [
    (
        "Zahlung der Miete",
        "Die Gesamtmiete von {gesamtmiete} ist monatlich im Voraus, spätestens am dritten Werktag eines "
        "Monats, kostenfrei auf das Konto des Vermieters zu zahlen. Für die Rechtzeitigkeit kommt es auf die "
        "Absendung an.",
    ),
    (
        "Betriebskosten",
        "Neben der Nettokaltmiete trägt die Mieterin / der Mieter die Betriebskosten im Sinne der "
        "Betriebskostenverordnung. Auf sie wird eine monatliche Vorauszahlung von {vorauszahlung} geleistet, "
        "über die der Vermieter jährlich abrechnet.",
    ),
    (
        "Mietsicherheit",
        "Die Mieterin / der Mieter leistet eine Mietsicherheit von {kaution}. Sie darf in drei gleichen "
        "monatlichen Teilzahlungen erbracht werden; die erste ist zu Beginn des Mietverhältnisses fällig "
        "(§ 551 BGB). Der Vermieter legt sie getrennt von seinem Vermögen bei einem Kreditinstitut zu dem "
        "für Spareinlagen mit dreimonatiger Kündigungsfrist üblichen Zinssatz an.",
    ),
    (
        "Kündigung",
        "Die Mieterin / der Mieter kann das Mietverhältnis mit einer Frist von drei Monaten schriftlich "
        "kündigen. Für die Kündigung durch den Vermieter gelten die gesetzlichen Bestimmungen.",
    ),
    (
        "Schönheitsreparaturen und Kleinreparaturen",
        "Die Wohnung wird in renoviertem Zustand übergeben. Schönheitsreparaturen während der Mietzeit "
        "übernimmt die Mieterin / der Mieter, soweit sie durch ihre / seine Nutzung erforderlich werden.",
    ),
    (
        "Tierhaltung",
        "Kleintiere dürfen ohne Zustimmung gehalten werden. Die Haltung von Hunden und Katzen bedarf der "
        "Zustimmung des Vermieters, die nur aus wichtigem Grund versagt wird.",
    ),
    (
        "Hausordnung und Schlüssel",
        "Die Hausordnung ist Bestandteil dieses Vertrags. Die bei der Übergabe ausgehändigten Schlüssel "
        "werden im Übergabeprotokoll festgehalten und sind bei Auszug vollständig zurückzugeben.",
    ),
    (
        "Elektronische Form",
        "Dieser Vertrag wird elektronisch unterschrieben und mit dem elektronischen Siegel des Vermieters "
        "versehen. Beide Seiten erhalten die versiegelte Fassung als PDF. Änderungen und Ergänzungen "
        "bedürfen der Textform.",
    ),
]


def install_clauses(apps) -> None:
    ContractClause = apps.get_model("letting", "ContractClause")
    if ContractClause.objects.exists():
        return
    for position, (title, body) in enumerate(CLAUSES, start=1):
        ContractClause.objects.create(position=position * 10, title=title, body=body)
