"""The money process templates, installed by migration payments 0002 through processes.standard's pattern
(admins may rename them and change deadlines later; the step codes are stable, payments keys on them).
Each gets a catalog item of its own under Vertragsanliegen → Zahlungen, not offered in the report form,
so its ticket is routed to the team responsible for payments.

zahlungsaufforderung (Zahlungsaufforderung, staff start it):
    payment (the tenant pays by the due date in data["due_date"]; settled by the ERP or staff → "resolved")
zahlungsweise (Zahlungsweise ändern, the tenant starts it in "Meine Daten"):
    method_form, mandate_signature (optional: a transfer needs no mandate; the tenant signs → "agreed"),
    approval (staff: "yes" / "no" → end)
"""

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
]


def _s(code, kind, actor, de, en, nl, *, visible=(T,), days=None, start="step", field="", **extra):
    return {
        "code": code,
        "kind": kind,
        "actor": actor,
        "name_de": de,
        "name_en": en,
        "name_nl": nl,
        "visible_to": list(visible),
        "deadline_days": days,
        "deadline_from": start,
        "deadline_field": field,
        "outcomes": extra.get("outcomes", {}),
        "is_optional": extra.get("optional", False),
    }


STEPS = {
    "zahlungsaufforderung": [
        _s(
            "payment",
            "decision",
            S,
            "Zahlungseingang",
            "Payment received",
            "Betaling ontvangen",
            days=0,
            start="date",
            field="due_date",
            outcomes={"resolved": "end"},
        ),
    ],
    "zahlungsweise": [
        _s(
            "method_form",
            "form",
            T,
            "Zahlungsweise wählen",
            "Choose the payment method",
            "Betaalwijze kiezen",
        ),
        _s(
            "mandate_signature",
            "consent",
            T,
            "SEPA-Mandat unterschreiben",
            "Sign the SEPA mandate",
            "SEPA-machtiging ondertekenen",
            days=10,
            outcomes={"agreed": "approval"},
            optional=True,
        ),
        _s(
            "approval",
            "decision",
            CW,
            "Freigabe",
            "Approval",
            "Goedkeuring",
            days=3,
            outcomes={"yes": "end", "no": "end"},
        ),
    ],
}

CATEGORY = ("vertrag", "tenancy", "Vertragsanliegen", "Tenancy matters", "Huurzaken")
GROUP = ("zahlungen", "Zahlungen", "Payments", "Betalingen")


def install(apps) -> None:
    """Create what does not exist yet (templates, steps, their catalog items); what an admin changed stays.
    Takes the migration's `apps`, so it runs with the historical models."""
    Category = apps.get_model("catalogs", "Category")
    CatalogGroup = apps.get_model("catalogs", "CatalogGroup")
    CatalogItem = apps.get_model("catalogs", "CatalogItem")
    ProcessTemplate = apps.get_model("processes", "ProcessTemplate")
    StepTemplate = apps.get_model("processes", "StepTemplate")
    code, kind, de, en, nl = CATEGORY
    category, _ = Category.objects.get_or_create(
        code=code, defaults={"kind": kind, "name_de": de, "name_en": en, "name_nl": nl}
    )
    code, de, en, nl = GROUP
    group, _ = CatalogGroup.objects.get_or_create(
        category=category, code=code, defaults={"name_de": de, "name_en": en, "name_nl": nl, "position": 90}
    )
    for code, de, en, nl, description, tenant_may_start, item_code in TEMPLATES:
        item, _ = CatalogItem.objects.get_or_create(
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
        template, _ = ProcessTemplate.objects.get_or_create(
            code=code,
            defaults={
                "name_de": de,
                "name_en": en,
                "name_nl": nl,
                "description": description,
                "tenant_may_start": tenant_may_start,
                "catalog_item": item,
            },
        )
        for position, step in enumerate(STEPS[code], start=1):
            fields = {k: v for k, v in step.items() if k != "code"}
            StepTemplate.objects.get_or_create(
                template=template, code=step["code"], defaults={**fields, "position": position * 10}
            )
