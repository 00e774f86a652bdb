"""The money process templates, installed by migration payments 0002 through processes.standard's installer
(admins may rename them and change deadlines later; the step codes are stable, payments keys on them).
Each gets a catalog item of its own under Vertragsanliegen → Zahlungen, not offered in the report form,
so its ticket is routed to the team responsible for payments.

zahlungsaufforderung (Zahlungsaufforderung, staff start it):
    payment (the tenant pays by the due date in data["due_date"]; settled by the ERP or staff → "resolved")
zahlungsweise (Zahlungsweise ändern, the tenant starts it in "Meine Daten"):
    method_form, mandate_signature (optional: a transfer needs no mandate; the tenant signs → "agreed"),
    approval (staff: "yes" / "no" → end)
ratenzahlung (Ratenzahlung, the tenant proposes it in the portal or staff enter it after a call):
    decision (staff: "yes" → instalments, "counter" → counter_answer, "no" → end),
    counter_answer (the tenant: "agreed" → instalments, "refused" → end),
    instalments (the schedule runs, data["next_due"] the next instalment; "paid_off" / "uncollectible" /
        "broken" → end)
"""

from processes.standard import install_in_catalog, step

T, CW, S = "tenant", "case_worker", "system"

# (code, de, en, nl, description, tenant_may_start, catalog item code)
TEMPLATES = [
    (
        "zahlungsaufforderung",
        "Zahlungsaufforderung",
        "Payment request",
        "Betaalverzoek",
        "Ein einmaliger Betrag (Schlüssel, verursachte Reparatur) mit QR-Code zur Überweisung.",
        False,
        "ZA-ZAHLUNG",
    ),
    (
        "zahlungsweise",
        "Zahlungsweise ändern",
        "Change of payment method",
        "Betaalwijze wijzigen",
        "Lastschrift mit SEPA-Mandat oder Überweisung; die Sachbearbeitung gibt die Änderung frei.",
        True,
        "ZA-ZAHLWEISE",
    ),
    (
        "ratenzahlung",
        "Ratenzahlung",
        "Payment arrangement",
        "Betalingsregeling",
        "Ein Mietrückstand wird in Raten bezahlt: Vorschlag, Entscheidung oder Gegenvorschlag, Ratenplan.",
        True,
        "ZA-RATEN",
    ),
]


STEPS = {
    "zahlungsaufforderung": [
        step(
            "payment",
            "decision",
            S,
            "Zahlungseingang",
            "Payment received",
            "Betaling ontvangen",
            visible=[T],
            days=0,
            start="date",
            field="due_date",
            outcomes={"resolved": "end"},
        ),
    ],
    "zahlungsweise": [
        step(
            "method_form",
            "form",
            T,
            "Zahlungsweise wählen",
            "Choose the payment method",
            "Betaalwijze kiezen",
            visible=[T],
        ),
        step(
            "mandate_signature",
            "consent",
            T,
            "SEPA-Mandat unterschreiben",
            "Sign the SEPA mandate",
            "SEPA-machtiging ondertekenen",
            visible=[T],
            days=10,
            outcomes={"agreed": "approval"},
            optional=True,
        ),
        step(
            "approval",
            "decision",
            CW,
            "Freigabe",
            "Approval",
            "Goedkeuring",
            visible=[T],
            days=3,
            outcomes={"yes": "end", "no": "end"},
        ),
    ],
    "ratenzahlung": [
        step(
            "decision",
            "decision",
            CW,
            "Entscheidung über die Ratenzahlung",
            "Decision on the payment arrangement",
            "Besluit over de betalingsregeling",
            visible=[T],
            days=5,
            outcomes={"yes": "instalments", "counter": "counter_answer", "no": "end"},
        ),
        step(
            "counter_answer",
            "consent",
            T,
            "Antwort auf den Gegenvorschlag",
            "Answer to the counter-proposal",
            "Antwoord op het tegenvoorstel",
            visible=[T],
            days=14,
            outcomes={"agreed": "instalments", "refused": "end"},
        ),
        step(
            "instalments",
            "decision",
            S,
            "Ratenplan",
            "Instalment schedule",
            "Termijnschema",
            visible=[T],
            # No deadline of its own: a late instalment reminds the tenant and then tells the case worker
            # (payments.plan_reminders), so the ticket's overdue warnings would only say it twice.
            outcomes={"paid_off": "end", "uncollectible": "end", "broken": "end"},
        ),
    ],
}

GROUP = ("zahlungen", "Zahlungen", "Payments", "Betalingen")


def install(apps) -> None:
    """Create what does not exist yet (templates, steps, their catalog items); what an admin changed stays.
    Takes the migration's `apps`, so it runs with the historical models."""
    install_in_catalog(apps, group=GROUP, position=90, templates=TEMPLATES, steps=STEPS)
