"""Vertragsänderungen of the demo company: a tenant asked for her partner to join the tenancy agreement;
he has yet to consent by his link, then staff approve. So `make run` shows the portal's "Mein Mietvertrag",
the consent page (its link is in his mail, readable in the admin under Postausgang) and the back-office's
Vertragsänderungen."""

import datetime as dt

from django.apps import apps
from django.utils import timezone

from contracts.models import ContractChange
from contracts.requests import move_in_start
from contracts.standard import install
from notifications.models import OutboxMessage
from tickets.actors import Actor

from .company import Company


def build_contracts(company: Company) -> None:
    install(apps)
    if ContractChange.objects.exists():
        return  # seeded once: a second run changes nothing
    tenants = [p for p in company.resident_logins if p.tenancies.exists()]
    tenant = tenants[0]
    change = move_in_start(
        party=tenant,
        actor=Actor.for_party(tenant),
        salutation="Herr",
        first_name="Jonas",
        last_name="Berger",
        email="jonas.berger@example.org",
        relation=ContractChange.Relation.PARTNER,
        effective_date=timezone.localdate() + dt.timedelta(days=30),
        ip_address="127.0.0.1",
        user_agent="Demo",
    )
    # Like the history's, its mails count as sent; the consent link stays readable in the Postausgang.
    OutboxMessage.objects.filter(ticket=change.process.ticket, state=OutboxMessage.State.PENDING).update(
        state=OutboxMessage.State.SENT, sent_at=timezone.now()
    )
