"""Vorgänge of the demo company: the standard templates tied to their catalog items, one running
Kündigung, one nuisance case with both sides and one home modification granted with conditions, so
`make run` shows them in the portal and back-office."""

import datetime as dt

from django.utils import timezone

from catalogs.models import CatalogItem
from notifications.models import OutboxMessage
from processes import modification, notice, nuisance
from processes.models import Process, ProcessTemplate, StepTemplate
from processes.standard import install
from tickets.actors import Actor

from .company import Company

# Which catalog item carries each template's ticket (its routing gives the team).
TEMPLATE_ITEMS = {
    "kuendigung": "VA-KUENDIGUNG",
    "nachbarschaftsstoerung": "NS-LAERM",
    "bauliche_veraenderung": "VA-UMBAU",
}


def build_processes(company: Company) -> None:
    install(ProcessTemplate, StepTemplate)
    items = {item.code: item for item in CatalogItem.objects.filter(code__in=TEMPLATE_ITEMS.values())}
    for code, item_code in TEMPLATE_ITEMS.items():
        ProcessTemplate.objects.filter(code=code, catalog_item__isnull=True).update(
            catalog_item=items[item_code]
        )
    tenants = [p for p in company.resident_logins if p.tenancies.exists()]
    # Seeded once: a second run finds them and changes nothing.
    if not Process.objects.filter(template__code="kuendigung").exists():
        _notice(tenants[0])
    if not Process.objects.filter(template__code="nachbarschaftsstoerung").exists():
        _nuisance(complainant=tenants[1], company=company)
    if len(tenants) > 2 and not Process.objects.filter(template__code="bauliche_veraenderung").exists():
        _modification(tenants[2], company=company)
    # Like the history's, their mails count as sent: the mailbox shows the visitor's own sign-in link.
    OutboxMessage.objects.filter(
        ticket__process__template__code__in=TEMPLATE_ITEMS, state=OutboxMessage.State.PENDING
    ).update(state=OutboxMessage.State.SENT, sent_at=timezone.now())


def _notice(tenant) -> None:
    tenancy = notice.current_tenancy(tenant)
    state = notice.state_of(tenancy.unit.building.property)
    move_out = notice.earliest_end(timezone.localdate(), state=state)
    notice.notice_give(
        tenant=tenant,
        actor=Actor.for_party(tenant),
        move_out_date=move_out,
        reason=notice.Reason.MOVING,
        forwarding={"street": "Hauptstraße 5", "postcode": "14467", "city": "Potsdam"},
    )


def _nuisance(*, complainant, company: Company) -> None:
    home = notice.current_tenancy(complainant).unit
    neighbour = next(
        t.party
        for t in company.tenancies
        if t.unit.building_id == home.building_id and t.party_id != complainant.pk
    )
    process = nuisance.complaint_submit(
        party=complainant,
        facts={
            "kind": nuisance.Kind.NOISE,
            "times": [nuisance.TimeOfDay.NIGHT],
            "frequency": nuisance.Frequency.OFTEN,
            "since": timezone.localdate() - dt.timedelta(days=30),
            "spoke_to_neighbour": True,
            "talk_result": "Es wurde Besserung versprochen, seitdem ist es nicht leiser geworden.",
            "neighbour": f"Wohnung {neighbour.tenancies.first().unit.number}",
        },
        description="Laute Musik aus der Nachbarwohnung, vor allem nachts bis 3 Uhr.",
    )
    staff = Actor.for_user(company.admin) if company.admin else Actor.system()
    nuisance.accused_set(process, actor=staff, party=neighbour)


def _modification(tenant, *, company: Company) -> None:
    process = modification.request_submit(
        party=tenant,
        title="Bodengleiche Dusche statt Badewanne",
        room="Bad",
        description="Die Badewanne soll einer bodengleichen Dusche weichen; Einbau durch einen Fachbetrieb.",
    )
    staff = Actor.for_user(company.admin) if company.admin else Actor.system()
    modification.decide(
        process,
        actor=staff,
        outcome=modification.WITH_CONDITIONS,
        conditions="Einbau durch einen eingetragenen Fachbetrieb, Abdichtung nach DIN 18534.",
    )
