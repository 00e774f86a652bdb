"""The home swap's process template, installed by migration swaps 0002 through processes.standard's installer
(admins may rename it and change deadlines later; the step codes are stable, swaps keys on them). It gets a
catalog item of its own under Vertragsanliegen → Wohnungswechsel, not offered in the report form (the
portal's swap page starts it), so its ticket is routed to the team responsible for lettings.

wohnungstausch (Wohnungstausch, the tenant starts it in the portal):
    application (done at the start), partner_confirmation (the partner agrees by link → pre_checks,
    refuses → end), pre_checks (staff: "passed" → the inspections, "failed" → decision),
    applicant_home_appointment, applicant_home_inspection, partner_home_appointment and
    partner_home_inspection (left out for a partner from outside: their home is not ours),
    decision (yes → follow_ups, no → end), follow_ups (the two ends of tenancy and the new tenancies)
"""

from processes.standard import install_in_catalog, step

T, CT, CW, INSP, S = "tenant", "co_tenant", "case_worker", "inspector", "system"
BOTH = [T, CT]
TEMPLATE = "wohnungstausch"
ITEM_CODE = "VA-WOHNUNGSTAUSCH"

TEMPLATES = [
    (
        TEMPLATE,
        "Wohnungstausch",
        "Home swap",
        "Woningruil",
        "Zwei Haushalte tauschen ihre Wohnungen: Antrag, Bestätigung des Tauschpartners, Vorprüfungen, "
        "Begehung beider Wohnungen, Entscheidung, Kündigungen und neue Mietverträge.",
        True,
    ),
]

STEPS = {
    TEMPLATE: [
        step("application", "form", T, "Tauschantrag", "Swap application", "Ruilaanvraag", visible=BOTH),
        step(
            "partner_confirmation",
            "consent",
            CT,
            "Bestätigung durch den Tauschpartner",
            "Confirmation by the swap partner",
            "Bevestiging door de ruilpartner",
            visible=BOTH,
            days=10,
            outcomes={"agreed": "pre_checks", "refused": "end"},
        ),
        step(
            "pre_checks",
            "check",
            CW,
            "Vorprüfung",
            "Pre-checks",
            "Voorcontrole",
            visible=BOTH,
            days=5,
            outcomes={"passed": "applicant_home_appointment", "failed": "decision"},
        ),
        step(
            "applicant_home_appointment",
            "appointment",
            T,
            "Termin Begehung Wohnung Antragsteller/in",
            "Appointment: inspection of the applicant's home",
            "Afspraak inspectie woning aanvrager",
            visible=BOTH + [INSP],
            days=10,
        ),
        step(
            "applicant_home_inspection",
            "inspection",
            INSP,
            "Begehung Wohnung Antragsteller/in",
            "Inspection of the applicant's home",
            "Inspectie woning aanvrager",
            visible=BOTH + [INSP],
            days=10,
        ),
        step(
            "partner_home_appointment",
            "appointment",
            CT,
            "Termin Begehung Wohnung Tauschpartner/in",
            "Appointment: inspection of the partner's home",
            "Afspraak inspectie woning ruilpartner",
            visible=BOTH + [INSP],
            days=10,
            optional=True,
        ),
        step(
            "partner_home_inspection",
            "inspection",
            INSP,
            "Begehung Wohnung Tauschpartner/in",
            "Inspection of the partner's home",
            "Inspectie woning ruilpartner",
            visible=BOTH + [INSP],
            days=10,
            optional=True,
        ),
        step(
            "decision",
            "decision",
            CW,
            "Entscheidung",
            "Decision",
            "Besluit",
            visible=BOTH,
            days=10,
            outcomes={"yes": "follow_ups", "no": "end"},
        ),
        step(
            "follow_ups",
            "child_ticket",
            S,
            "Kündigungen und neue Mietverträge",
            "Ends of tenancy and new tenancies",
            "Huuropzeggingen en nieuwe huurcontracten",
            visible=BOTH,
            days=2,
        ),
    ],
}

GROUP = ("wohnungswechsel", "Wohnungswechsel", "Moving home", "Verhuizen")


def install(apps) -> None:
    """Create what does not exist yet (templates, steps, their catalog items); what an admin changed stays.
    Takes the migration's `apps`, so it runs with the historical models."""
    install_in_catalog(
        apps,
        group=GROUP,
        position=80,
        templates=[(*row, ITEM_CODE) for row in TEMPLATES],
        steps=STEPS,
        item_names={ITEM_CODE: ("Wohnungstausch", "Home swap", "Woningruil", "Wohnungstausch")},
    )
