"""The generic ticket mails on a ticket that carries a process (notifications.rules.GENERIC_MAILS): "Ihre
Meldung ist bei uns eingegangen" and "Neuer Stand: ..." reach the tenant only where they still say
something true. A process that staff or the ERP start for a tenant sends neither; each process's own mails
(notifications/process_mail/) tell the rest."""

import pytest
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.rules import GENERIC_MAILS
from processes import engine
from processes.models import Process, ProcessTemplate
from processes.steps import finish
from tests.factories import CatalogItemFactory
from tickets.actors import Actor

GENERIC = ("ticket_created", "status_changed")
RECEIVED, STATUS = "ticket_created", "status_changed"

# code, who starts it, the generic mails the tenant gets at the start, and when the process is done.
CASES = [
    ("kuendigung", "tenant", {RECEIVED}, set()),
    ("kuendigung", "staff", set(), set()),  # a Kündigung by letter, entered by staff
    ("nachbarschaftsstoerung", "tenant", {RECEIVED}, {STATUS}),
    ("bauliche_veraenderung", "tenant", {RECEIVED}, set()),
    ("zahlungsaufforderung", "staff", set(), set()),
    ("zahlungsweise", "tenant", {RECEIVED}, set()),
    ("zahlungsweise", "staff", set(), set()),
    ("ratenzahlung", "tenant", {RECEIVED}, set()),
    ("ratenzahlung", "staff", set(), set()),  # entered by staff after a call
    ("vermietung", "staff", set(), set()),  # from the allocation system (the ERP)
    ("zusatzleistung", "tenant", set(), set()),
    ("zusatzleistung", "staff", set(), set()),  # entered by staff for a caller
    ("zusatzleistung_kuendigung", "tenant", set(), set()),
    ("namensaenderung", "tenant", {RECEIVED}, set()),
    ("namensaenderung", "staff", set(), set()),
    ("mitmieter_aufnahme", "tenant", {RECEIVED}, set()),
    ("mitmieter_entlassung", "tenant", {RECEIVED}, set()),
    ("ansprechpartner", "tenant", {RECEIVED}, set()),
    ("ansprechpartner", "staff", set(), set()),
    ("wohnungstausch", "tenant", {RECEIVED}, set()),
    ("bescheinigung", "tenant", {RECEIVED}, set()),
    ("untervermietung", "tenant", {RECEIVED}, set()),
    ("tierhaltung", "tenant", {RECEIVED}, set()),
]


@pytest.fixture
def filed(db):
    """Every installed template is filed under a catalog item (the three first ones get theirs from the
    demo seed or an admin)."""
    for template in ProcessTemplate.objects.filter(catalog_item__isnull=True):
        template.catalog_item = CatalogItemFactory(name_de=template.name_de, allows_public=False)
        template.save()


def _generic_to(tenant) -> set[str]:
    rows = OutboxMessage.objects.filter(recipient_party=tenant, kind__in=GENERIC)
    return set(rows.values_list("kind", flat=True))


# What a process's own first mail needs to be written (the apps' services store more).
DATA = {"zahlungsaufforderung": {"amount": "25.00", "purpose": "Ersatzschlüssel", "due_date": "2026-12-15"}}


def _start(code: str, starter: str, *, tenant, case_worker) -> Process:
    actor = Actor.for_party(tenant) if starter == "tenant" else Actor.for_user(case_worker)
    return engine.start(
        code,
        actor=actor,
        reporter_party=tenant,
        parties={"tenant": tenant},
        data=DATA.get(code),
        description="Anliegen",
    )


def test_the_table_names_every_installed_template(db):
    assert set(ProcessTemplate.objects.values_list("code", flat=True)) == set(GENERIC_MAILS)
    assert {code for code, *_ in CASES} == set(GENERIC_MAILS)


@pytest.mark.parametrize(("code", "starter", "at_start", "when_done"), CASES)
def test_the_tenant_gets_the_generic_mails_only_where_they_say_something_true(
    filed, tenant, case_worker, code, starter, at_start, when_done
):
    process = _start(code, starter, tenant=tenant, case_worker=case_worker)
    assert _generic_to(tenant) == at_start

    OutboxMessage.objects.filter(recipient_party=tenant).delete()
    finish(process, state=Process.State.DONE, actor=Actor.for_user(case_worker), now=timezone.now())
    process.ticket.refresh_from_db()
    assert process.ticket.status == "done"
    assert _generic_to(tenant) == when_done


@pytest.mark.parametrize(
    ("code", "starter", "told"), [("kuendigung", "tenant", {STATUS}), ("vermietung", "staff", set())]
)
def test_a_cancelled_process_is_told_with_its_reason_only_to_a_tenant_who_started_it(
    filed, tenant, case_worker, code, starter, told
):
    process = _start(code, starter, tenant=tenant, case_worker=case_worker)
    OutboxMessage.objects.filter(recipient_party=tenant).delete()
    engine.cancel(process, actor=Actor.for_user(case_worker), reason="Doppelt erfasst")
    assert _generic_to(tenant) == told
    if told:
        assert "Doppelt erfasst" in OutboxMessage.objects.get(kind=STATUS, recipient_party=tenant).body_text


def test_a_status_set_by_hand_on_a_tenants_own_process_is_told(filed, tenant, case_worker):
    from tickets import workflow

    process = _start("kuendigung", "tenant", tenant=tenant, case_worker=case_worker)
    OutboxMessage.objects.filter(recipient_party=tenant).delete()
    workflow.change_status(process.ticket, to="in_progress", actor=Actor.for_user(case_worker))
    assert _generic_to(tenant) == {STATUS}


def test_an_ordinary_report_still_gets_both(report, tenant, case_worker):
    """Tickets without a process are as before: the confirmation at once, every status after."""
    from tickets import workflow

    ticket = report()
    assert _generic_to(tenant) == {RECEIVED}
    workflow.change_status(ticket, to="in_progress", actor=Actor.for_user(case_worker))
    assert _generic_to(tenant) == {RECEIVED, STATUS}


def test_a_process_staff_start_on_a_tenants_own_report_keeps_telling_its_status(
    filed, report, tenant, case_worker
):
    """The tenant reported it (and got the confirmation then): its status stays theirs to hear."""
    ticket = report()
    process = engine.start(
        "nachbarschaftsstoerung", actor=Actor.for_user(case_worker), ticket=ticket, parties={"tenant": tenant}
    )
    assert _generic_to(tenant) == {RECEIVED}
    OutboxMessage.objects.filter(recipient_party=tenant).delete()
    engine.cancel(process, actor=Actor.for_user(case_worker), reason="Hat sich erledigt")
    assert _generic_to(tenant) == {STATUS}
