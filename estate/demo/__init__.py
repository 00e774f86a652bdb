"""Demo data of a German housing company: for trying the product (`manage.py seed_demo`) and for bench."""

from django.db import transaction

from .catalog import build_catalog, build_features
from .company import Company, build_company
from .rules import build_rules
from .tickets import build_tickets


@transaction.atomic
def seed_demo(*, tickets: int = 300) -> tuple[Company, int]:
    """Build the demo company (idempotent); returns it and how many tickets were created this time."""
    build_catalog()
    company = build_company(features=build_features())
    build_rules(company)
    return company, build_tickets(company, count=tickets)
