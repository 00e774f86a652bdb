"""The process templates of Erlaubnisse, installed by migration permits 0002 through processes.standard's
installer (admins may rename them and change deadlines later; the step codes are stable, permits.services
keys on them). Each gets a catalog item of its own under Vertragsanliegen → Erlaubnisse, which the report
wizard offers: it opens the tenant's form (portal.process_forms).

untervermietung (Untervermietungserlaubnis, § 553 BGB, the tenant starts it in the portal):
    request (the tenant's request, done at the start), decision (staff, within 10 working days:
    yes / yes_with_conditions / no → end; a grant is recorded as a permits.Permit)
tierhaltung (Erlaubnis zur Tierhaltung, the tenant starts it in the portal): the same two steps.
"""

from processes.standard import install_in_catalog, step

T, CT, CW = "tenant", "co_tenant", "case_worker"
BOTH = [T, CT]

SUBLET, ANIMAL = "untervermietung", "tierhaltung"
TEMPLATES_CODES = (SUBLET, ANIMAL)
REQUEST, DECISION = "request", "decision"
YES, WITH_CONDITIONS, NO = "yes", "yes_with_conditions", "no"
DECISION_DAYS = 10  # working days from the request
ITEMS = {SUBLET: "VA-UNTERVERMIETUNG", ANIMAL: "VA-TIERHALTUNG"}

# (code, de, en, nl, description, tenant_may_start, catalog item code)
TEMPLATES = [
    (
        SUBLET,
        "Untervermietung",
        "Subletting",
        "Onderverhuur",
        "Der Mieter bittet um die Erlaubnis, einen Teil der Wohnung (oder die ganze Wohnung befristet) "
        "unterzuvermieten (§ 553 BGB); die Sachbearbeitung erteilt sie, mit Auflagen oder lehnt "
        "begründet ab.",
        True,
        ITEMS[SUBLET],
    ),
    (
        ANIMAL,
        "Tierhaltung",
        "Keeping a pet",
        "Huisdier houden",
        "Der Mieter bittet um die Erlaubnis, ein Tier zu halten (Hund, Katze, andere Tiere; Kleintiere "
        "brauchen keine); die Sachbearbeitung erteilt sie, mit Auflagen oder lehnt begründet ab.",
        True,
        ITEMS[ANIMAL],
    ),
]

ITEM_NAMES = {
    ITEMS[SUBLET]: (
        "Untervermietung beantragen",
        "Ask for permission to sublet",
        "Toestemming voor onderverhuur vragen",
        "Untervermietungserlaubnis",
    ),
    ITEMS[ANIMAL]: (
        "Tierhaltung beantragen",
        "Ask for permission to keep a pet",
        "Toestemming voor een huisdier vragen",
        "Erlaubnis zur Tierhaltung",
    ),
}


def _steps():
    return [
        step(REQUEST, "form", T, "Antrag", "Request", "Aanvraag", visible=BOTH),
        step(
            DECISION,
            "decision",
            CW,
            "Entscheidung",
            "Decision",
            "Besluit",
            visible=BOTH,
            days=DECISION_DAYS,
            start="process",
            outcomes={YES: "end", WITH_CONDITIONS: "end", NO: "end"},
        ),
    ]


STEPS = {SUBLET: _steps(), ANIMAL: _steps()}

GROUP = ("erlaubnisse", "Erlaubnisse", "Permissions", "Toestemmingen")


def install(apps) -> None:
    """Create what does not exist yet (templates, steps, their catalog items, which the tenant may pick in
    the report wizard); what an admin changed stays. Takes the migration's `apps`."""
    CatalogItem = apps.get_model("catalogs", "CatalogItem")
    existing = set(CatalogItem.objects.filter(code__in=ITEMS.values()).values_list("code", flat=True))
    install_in_catalog(
        apps, group=GROUP, position=85, templates=TEMPLATES, steps=STEPS, item_names=ITEM_NAMES
    )
    new = [code for code in ITEMS.values() if code not in existing]
    CatalogItem.objects.filter(code__in=new).update(tenant_selectable=True)
