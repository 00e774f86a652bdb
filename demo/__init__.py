"""Demo data of a German housing company: for trying the product (`manage.py seed_demo`) and for bench."""

from django.db import transaction


@transaction.atomic
def seed_demo(*, tickets: int = 300):
    """Build the demo company (idempotent); returns it and how many tickets were created this time."""
    # Imported here so plain data modules of this package (names, texts) load without Django set up.
    from notifications.services import delivery_left_to_sweep

    from .catalog import build_catalog, build_features
    from .certificates import build_certificates
    from .company import build_company
    from .contracts import build_contracts
    from .knowledge import build_knowledge
    from .letting import build_lettings
    from .payments import build_payments
    from .permits import build_permits
    from .processes import build_processes
    from .rules import build_rules
    from .subscriptions import build_subscriptions
    from .swaps import build_swaps
    from .tickets import build_tickets

    build_catalog()
    build_knowledge()
    company = build_company(features=build_features())
    build_rules(company)
    # The demo history's mails are marked sent at the end; nothing needs a worker right now.
    with delivery_left_to_sweep():
        created = build_tickets(company, count=tickets)
        build_processes(company)
        build_payments(company)
        build_lettings(company)
        build_contracts(company)
        build_subscriptions(company)
        build_swaps(company)
        build_certificates(company)
        build_permits(company)
        return company, created
