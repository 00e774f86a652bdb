"""Who handles what in the demo company (Zuständigkeiten) and which contractor gets which work."""

from catalogs.models import CatalogGroup, Category, Responsibility, WorkflowRule

from .company import Company

# Property code -> the technician responsible for its damage reports.
TECHNICIANS = {"WE-001": "m.wolf", "WE-002": "j.schulz", "WE-003": "t.becker"}

# Catalog group -> (contractor trade, released without a case worker?)
WORKFLOW = {"aufzug": ("aufzug", True), "sanitaer": ("sanitaer", False), "heizung": ("heizung", False),
            "elektro": ("elektro", False)}  # fmt: skip


def build_rules(company: Company) -> None:
    categories = {c.code: c for c in Category.objects.all()}
    technik, service, rent = (company.teams[n] for n in ("Technik", "Kundenservice", "Mietenbuchhaltung"))
    for prop in company.properties:
        _responsibility(
            prop=prop,
            category=categories["schaden"],
            team=technik,
            user=company.staff[TECHNICIANS[prop.code]],
            deputy=company.staff["t.becker"],
        )
    _responsibility(category=categories["vertrag"], team=rent, user=company.staff["k.nowak"])
    for code in ("beschwerde", "stoerung"):
        _responsibility(category=categories[code], team=service, user=company.staff["e.yilmaz"])
    # Fallback: everything no other row covers lands with customer service.
    _responsibility(team=service)
    build_workflow_rules(company)


def build_workflow_rules(company: Company) -> None:
    categories = {c.code: c for c in Category.objects.all()}
    for group_code, (trade, auto) in WORKFLOW.items():
        group = CatalogGroup.objects.get(category=categories["schaden"], code=group_code)
        WorkflowRule.objects.get_or_create(
            property=None,
            category=None,
            group=group,
            item=None,
            contractor=company.contractors[trade],
            defaults={"auto_release": auto},
        )


def _responsibility(*, team, prop=None, category=None, user=None, deputy=None) -> None:
    Responsibility.objects.get_or_create(
        property=prop,
        category=category,
        group=None,
        item=None,
        team=team,
        defaults={"user": user, "deputy": deputy},
    )
