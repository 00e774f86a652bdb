"""The three standard process templates a housing company starts with, installed by migration 0002 and
by the demo. Admins may change names, deadlines and visibility later; the step codes are stable, the
code that gives a step its behaviour (the notice form, the inspection protocol, ...) keys on them.

kuendigung (Kündigung, tenant may start):
    notice_form, co_tenant_consent (agreed/refused), confirmation (confirmed/refused → end),
    confirmation_letter, pre_inspection_appointment, pre_inspection, final_inspection_appointment,
    final_inspection, wait_move_out (wait until data["move_out_date"]), settlement, settlement_letter
nachbarschaftsstoerung (Nachbarschaftsstörung, tenant may start; the accused never sees the complaint):
    complaint_form, nuisance_log, talk, warning, mediation (optional), legal
    each stage: resolved → end, escalate → next stage; legal: resolved / terminated / court → end
bauliche_veraenderung (Bauliche Veränderung, tenant may start):
    request, decision (yes → record, yes_with_conditions → conditions_letter, no → end),
    conditions_letter, check_inspection (passed → record, defects → check_inspection again),
    record (taken_over / remove_at_move_out → end)
"""

T, CT, C, A, CW, INSP, S = (
    "tenant",
    "co_tenant",
    "complainant",
    "accused",
    "case_worker",
    "inspector",
    "system",
)
TENANTS = [T, CT]

# (code, de, en, nl, description, tenant_may_start)
TEMPLATES = [
    (
        "kuendigung",
        "Kündigung",
        "Notice to end the tenancy",
        "Huuropzegging",
        "Kündigung der Wohnung: Formular, Zustimmung der Mitmieter, Bestätigung, Vor- und Endabnahme, "
        "Abrechnung.",
        True,
    ),
    (
        "nachbarschaftsstoerung",
        "Nachbarschaftsstörung",
        "Neighbour nuisance",
        "Burenoverlast",
        "Beschwerde über Nachbarn: Störungsprotokoll, Gespräch, Abmahnung, Mediation, rechtliche Schritte.",
        True,
    ),
    (
        "bauliche_veraenderung",
        "Bauliche Veränderung",
        "Home modification",
        "Zelf aangebrachte voorziening",
        "Antrag auf bauliche Veränderung durch Mieter: Entscheidung, Auflagen, Abnahme, Rückbau bei Auszug.",
        True,
    ),
]

END, ESCALATE = "end", "escalate"


def step(
    code,
    kind,
    actor,
    de,
    en,
    nl,
    *,
    visible=(),
    days=None,
    start="step",
    field="",
    outcomes=None,
    optional=False,
):
    """One step template's fields, as install_templates creates them."""
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
        "outcomes": outcomes or {},
        "is_optional": optional,
    }


MOVE_OUT = {"start": "date", "field": "move_out_date"}

STEPS = {
    "kuendigung": [
        step(
            "notice_form", "form", T, "Kündigung erfassen", "Notice form", "Opzegformulier", visible=TENANTS
        ),
        step(
            "co_tenant_consent",
            "consent",
            CT,
            "Zustimmung der Mitmieter",
            "Co-tenants' consent",
            "Instemming medehuurders",
            visible=TENANTS,
            days=10,
            outcomes={"agreed": "confirmation", "refused": "confirmation"},
            optional=True,
        ),
        step(
            "confirmation",
            "decision",
            CW,
            "Kündigung bestätigen",
            "Confirm the notice",
            "Opzegging bevestigen",
            visible=TENANTS,
            days=5,
            outcomes={"confirmed": "confirmation_letter", "refused": END},
        ),
        step(
            "confirmation_letter",
            "letter",
            CW,
            "Kündigungsbestätigung",
            "Confirmation letter",
            "Bevestigingsbrief",
            visible=TENANTS,
            days=2,
        ),
        step(
            "pre_inspection_appointment",
            "appointment",
            T,
            "Termin Vorabnahme",
            "Pre-inspection appointment",
            "Afspraak voorinspectie",
            visible=TENANTS + [INSP],
            days=-15,
            **MOVE_OUT,
        ),
        step(
            "pre_inspection",
            "inspection",
            INSP,
            "Vorabnahme",
            "Pre-inspection",
            "Voorinspectie",
            visible=TENANTS + [INSP],
            days=-10,
            **MOVE_OUT,
        ),
        step(
            "final_inspection_appointment",
            "appointment",
            T,
            "Termin Wohnungsabnahme",
            "Final inspection appointment",
            "Afspraak eindinspectie",
            visible=TENANTS + [INSP],
            days=-3,
            **MOVE_OUT,
        ),
        step(
            "final_inspection",
            "inspection",
            INSP,
            "Wohnungsabnahme mit Protokoll",
            "Final inspection with report",
            "Eindinspectie met rapport",
            visible=TENANTS + [INSP],
            days=0,
            **MOVE_OUT,
        ),
        step(
            "wait_move_out",
            "wait",
            S,
            "Warten bis Mietende",
            "Wait for the end of tenancy",
            "Wachten tot einde huur",
            days=0,
            **MOVE_OUT,
        ),
        step(
            "settlement", "decision", CW, "Schlussabrechnung", "Final settlement", "Eindafrekening", days=20
        ),
        step(
            "settlement_letter",
            "letter",
            CW,
            "Schreiben zur Schlussabrechnung",
            "Settlement letter",
            "Brief eindafrekening",
            visible=TENANTS,
            days=5,
        ),
    ],
    "nachbarschaftsstoerung": [
        step(
            "complaint_form",
            "form",
            C,
            "Beschwerde erfassen",
            "Complaint form",
            "Klachtformulier",
            visible=[C],
        ),
        step(
            "nuisance_log",
            "document",
            CW,
            "Störungsprotokoll auswerten",
            "Review the nuisance log",
            "Overlastdagboek beoordelen",
            visible=[C],
            days=15,
            outcomes={"resolved": END, ESCALATE: "talk"},
        ),
        step(
            "talk",
            "appointment",
            CW,
            "Gespräch",
            "Talk",
            "Gesprek",
            visible=[C, A],
            days=10,
            outcomes={"resolved": END, ESCALATE: "warning"},
        ),
        step(
            "warning",
            "letter",
            CW,
            "Abmahnung",
            "Written warning",
            "Schriftelijke waarschuwing",
            visible=[C, A],
            days=10,
            outcomes={"resolved": END, ESCALATE: "mediation"},
        ),
        step(
            "mediation",
            "appointment",
            CW,
            "Mediation",
            "Mediation",
            "Buurtbemiddeling",
            visible=[C, A],
            days=20,
            outcomes={"resolved": END, ESCALATE: "legal"},
            optional=True,
        ),
        step(
            "legal",
            "decision",
            CW,
            "Rechtliche Schritte",
            "Legal action",
            "Juridische stappen",
            visible=[C, A],
            days=20,
            outcomes={"resolved": END, "terminated": END, "court": END},
        ),
    ],
    "bauliche_veraenderung": [
        step("request", "form", T, "Antrag", "Request", "Aanvraag", visible=TENANTS),
        step(
            "decision",
            "decision",
            CW,
            "Entscheidung",
            "Decision",
            "Besluit",
            visible=TENANTS,
            days=20,
            start="process",
            outcomes={"yes": "record", "yes_with_conditions": "conditions_letter", "no": END},
        ),
        step(
            "conditions_letter",
            "letter",
            CW,
            "Auflagen mitteilen",
            "Conditions letter",
            "Voorwaardenbrief",
            visible=TENANTS,
            days=5,
        ),
        step(
            "check_inspection",
            "inspection",
            INSP,
            "Abnahme der Veränderung",
            "Inspection of the modification",
            "Controle van de voorziening",
            visible=TENANTS,
            outcomes={"passed": "record", "defects": "check_inspection"},
        ),
        step(
            "record",
            "decision",
            CW,
            "Vermerk: Übernahme oder Rückbau",
            "Record: taken over or removed",
            "Vastlegging: overname of verwijderen",
            visible=TENANTS,
            outcomes={"taken_over": END, "remove_at_move_out": END},
        ),
    ],
}


def install(process_template_model, step_template_model) -> None:
    """Create the standard templates and steps that do not exist yet; what an admin changed stays.
    Takes the model classes, so a migration passes its historical models."""
    install_templates(process_template_model, step_template_model, TEMPLATES, STEPS)


def install_templates(
    process_template_model, step_template_model, templates, steps, *, catalog_items=None
) -> None:
    """Create the templates `(code, de, en, nl, description, tenant_may_start)` and their `steps[code]`
    that do not exist yet; what an admin changed stays. `catalog_items` maps a template's code to the
    catalog item a new template is filed under (payments.standard). Takes the model classes, so a
    migration passes its historical models."""
    for code, de, en, nl, description, tenant_may_start in templates:
        defaults = {
            "name_de": de,
            "name_en": en,
            "name_nl": nl,
            "description": description,
            "tenant_may_start": tenant_may_start,
        }
        if catalog_items:
            defaults["catalog_item"] = catalog_items[code]
        template, _ = process_template_model.objects.get_or_create(code=code, defaults=defaults)
        for position, spec in enumerate(steps[code], start=1):
            fields = {k: v for k, v in spec.items() if k != "code"}
            step_template_model.objects.get_or_create(
                template=template, code=spec["code"], defaults={**fields, "position": position * 10}
            )


# Where the tenancy processes are filed in the report catalog: one category, a group per kind of process.
TENANCY_CATEGORY = ("vertrag", "tenancy", "Vertragsanliegen", "Tenancy matters", "Huurzaken")


def install_in_catalog(
    apps, *, group, position: int, templates, steps, category=TENANCY_CATEGORY, item_names=None
) -> None:
    """Install process templates each filed under a catalog item of its own, in the catalog `group`
    `(code, de, en, nl)` of `category` `(code, kind, de, en, nl)`; the items are not offered in the report
    form, so a process's ticket is routed to the team responsible for that group. `templates` rows are
    `(code, de, en, nl, description, tenant_may_start, item code)`; an item is named like its template
    unless `item_names` maps its code to `(de, en, nl, staff label)`. Creates what does not exist yet, so
    what an admin changed stays. Takes the migration's `apps`, so it runs with the historical models."""
    Category = apps.get_model("catalogs", "Category")
    CatalogGroup = apps.get_model("catalogs", "CatalogGroup")
    CatalogItem = apps.get_model("catalogs", "CatalogItem")
    code, kind, de, en, nl = category
    category_row, _ = Category.objects.get_or_create(
        code=code, defaults={"kind": kind, "name_de": de, "name_en": en, "name_nl": nl}
    )
    code, de, en, nl = group
    group_row, _ = CatalogGroup.objects.get_or_create(
        category=category_row,
        code=code,
        defaults={"name_de": de, "name_en": en, "name_nl": nl, "position": position},
    )
    items = {}
    for code, de, en, nl, _description, _tenant_may_start, item_code in templates:
        name_de, name_en, name_nl, label = (item_names or {}).get(item_code, (de, en, nl, de))
        items[code], _ = CatalogItem.objects.get_or_create(
            code=item_code,
            defaults={
                "group": group_row,
                "name_de": name_de,
                "name_en": name_en,
                "name_nl": name_nl,
                "staff_label": label,
                "tenant_selectable": False,
            },
        )
    install_templates(
        apps.get_model("processes", "ProcessTemplate"),
        apps.get_model("processes", "StepTemplate"),
        [row[:6] for row in templates],
        steps,
        catalog_items=items,
    )
