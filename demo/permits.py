"""Erlaubnisse of the demo company: one Untervermietung waiting for the decision and one Tierhaltung granted
with a condition, so `make run` shows the staff's decision form, the tenant's request page, the letter in
Meine Dokumente and the permission on the 360° view."""

import datetime as dt

from django.apps import apps
from django.utils import timezone

from notifications.models import OutboxMessage
from permits import services
from permits.models import Animal, Size
from permits.standard import ANIMAL, SUBLET, WITH_CONDITIONS, install
from processes.models import Process
from tickets.actors import Actor

from .company import Company


def build_permits(company: Company) -> None:
    install(apps)
    tenants = [p for p in company.resident_logins if p.tenancies.exists()]
    if len(tenants) < 3:
        return
    # Seeded once each: a second run finds them and changes nothing.
    if not Process.objects.filter(template__code=SUBLET).exists():
        sublet = services.request_sublet(
            party=tenants[1],
            subtenant_name="Jonas Weber",
            rooms="das kleine Zimmer zum Hof; Küche und Bad gemeinsam",
            valid_from=timezone.localdate() + dt.timedelta(days=21),
            valid_until=timezone.localdate() + dt.timedelta(days=21 + 365),
            reason="Ich arbeite ab nächstem Monat für ein Jahr oft auswärts und möchte die Miete teilen.",
        )
        # Like the history's, its mails (the receipt, the case worker's notice) count as sent.
        OutboxMessage.objects.filter(ticket=sublet.ticket, state=OutboxMessage.State.PENDING).update(
            state=OutboxMessage.State.SENT, sent_at=timezone.now()
        )
    if not Process.objects.filter(template__code=ANIMAL).exists():
        process = services.request_animal(
            party=tenants[2],
            animal=Animal.DOG,
            description="Beagle, 2 Jahre",
            count=1,
            size=Size.SMALL,
            reason="Hundeschule besucht.",
        )
        staff = Actor.for_user(company.staff["e.yilmaz"])
        services.decide(
            process,
            actor=staff,
            outcome=WITH_CONDITIONS,
            conditions="Bitte weisen Sie uns binnen vier Wochen eine Hundehaftpflichtversicherung nach.",
        )
        # Like the history's, its mails count as sent.
        OutboxMessage.objects.filter(ticket=process.ticket, state=OutboxMessage.State.PENDING).update(
            state=OutboxMessage.State.SENT, sent_at=timezone.now()
        )
