"""The lists of contract changes: the tenant's "Mein Mietvertrag" and the staff's list ask the same number
of queries for one change as for many; another tenant does not see them; staff without the approval right
see no approve button and are refused."""

import pytest
from django.urls import reverse

from contracts.models import ContractChange
from tests.factories import PartyFactory, StaffFactory, TenancyFactory, resident_user

from .conftest import client_for, in_days, pdf_upload

pytestmark = pytest.mark.django_db


def _contact(tenant, name):
    client_for(tenant.user).post(
        reverse("portal:contract_contact"),
        {"name": name, "scope": "contact", "basis": "relative", "phone": "030 1234567"},
    )


def _many(tenant, count):
    """`count` more changes of the tenant's contract, the open one last (one open change per kind)."""
    ContractChange.objects.pending().update(state=ContractChange.State.WITHDRAWN)
    for n in range(count):
        _contact(tenant, f"Kontakt {n}")
        change = ContractChange.objects.pending().get()
        ContractChange.objects.filter(pk=change.pk).update(state=ContractChange.State.WITHDRAWN)
    _contact(tenant, "Kontakt offen")


def test_tenant_list_asks_the_same_queries_for_one_or_many(tenant, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(tenant.user)
    _many(tenant, 0)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("portal:contract_changes")).status_code == 200
    _many(tenant, 20)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("portal:contract_changes"))
    # 22 changes, and the link to ask for another
    assert page.text.count("Ansprechpartner / Zustellbevollmächtigte</strong>") == 23
    assert len(many.captured_queries) == len(one.captured_queries)


def test_staff_list_asks_the_same_queries_for_one_or_many(tenant, case_worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(case_worker)
    _many(tenant, 0)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("backoffice:contract_changes")).status_code == 200
    _many(tenant, 20)
    ContractChange.objects.filter(state="withdrawn").update(state="rejected")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("backoffice:contract_changes"))
    assert page.text.count("Ansprechpartner / Zustellbevollmächtigte") == 22
    assert len(many.captured_queries) == len(one.captured_queries)


def test_person_view_asks_the_same_queries_for_one_or_many(tenant, case_worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(case_worker)
    _many(tenant, 0)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("backoffice:person", args=[tenant.pk]))
    _many(tenant, 20)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("backoffice:person", args=[tenant.pk]))
    assert page.text.count("Ansprechpartner / Zustellbevollmächtigte: Kontakt") == 22
    assert len(many.captured_queries) == len(one.captured_queries)


def test_another_tenant_sees_nothing_of_it(tenant, other_tenant):
    _contact(tenant, "Hans Betreuer")
    page = client_for(other_tenant.user).get(reverse("portal:contract_changes")).text
    assert "Hans Betreuer" not in page


def test_staff_without_the_approval_right_cannot_approve(tenant):
    client_for(tenant.user).post(
        reverse("portal:contract_name"), {"last_name": "Musterfrau", "proof": pdf_upload()}
    )
    change = ContractChange.objects.get()
    client = client_for(StaffFactory())  # staff without the approval right
    change.process.refresh_from_db()
    answer = client.post(
        reverse("backoffice:contract_change_approve", args=[change.pk]), {"version": change.process.version}
    )
    assert answer.status_code == 404
    assert ContractChange.objects.get().state == ContractChange.State.PENDING


def test_the_portal_forms_show_in_german(tenant, co_tenant):
    client = client_for(tenant.user)
    assert "Neuer Nachname" in client.get(reverse("portal:contract_name")).text
    assert "Wer zieht ein?" in client.get(reverse("portal:contract_move_in")).text
    page = client.get(reverse("portal:contract_move_out")).text
    assert "Ben Mustermann" in page and "Erika Mustermann" in page
    assert "Wofür ist die Person zuständig?" in client.get(reverse("portal:contract_contact")).text
    assert "Mein Mietvertrag" in client.get(reverse("portal:my_data")).text
    assert in_days(0)


def test_the_next_tenant_of_the_flat_does_not_see_the_former_tenants_changes(tenant, unit):
    import datetime as dt

    from tests.factories import PartyFactory, TenancyFactory, resident_user

    _contact(tenant, "Hans Betreuer")
    tenancy = tenant.tenancies.get()
    tenancy.end = dt.date(2020, 1, 1)
    tenancy.start = dt.date(2010, 1, 1)
    tenancy.save()
    successor = TenancyFactory(unit=unit, party=PartyFactory(first_name="Nora", last_name="Nach")).party
    resident_user(successor)
    page = client_for(successor.user).get(reverse("portal:contract_changes")).text
    assert "Hans Betreuer" not in page
    assert "Hans Betreuer" in client_for(tenant.user).get(reverse("portal:contract_changes")).text


def test_a_cancelled_process_withdraws_the_change(tenant, case_worker):
    from processes import engine
    from tickets.actors import Actor
    from tickets.models import ChangeRequest

    _contact(tenant, "Hans Betreuer")
    change = ContractChange.objects.get()
    engine.cancel(change.process, actor=Actor.for_user(case_worker), reason="Doppelt beantragt")
    change.refresh_from_db()
    assert change.state == ContractChange.State.WITHDRAWN
    assert ChangeRequest.objects.get().state == ChangeRequest.State.REJECTED
    assert not ContractChange.objects.filter(contact_person__isnull=False).exists()
    page = client_for(tenant.user).get(reverse("portal:contract_changes")).text
    assert "zurückgezogen" in page


def test_a_co_tenant_whose_tenancy_begins_later_reads_when_and_where(tenant, unit):
    """Approved ahead of the moving-in day, the new co-tenant opens Mein Mietvertrag before it: not a bare
    "no contract", but the flat and the day their tenancy begins."""
    newcomer = TenancyFactory(
        unit=unit, party=PartyFactory(first_name="Jonas", last_name="Berger"), start=in_days(30)
    ).party
    resident_user(newcomer)
    page = client_for(newcomer.user).get(reverse("portal:contract_changes")).content.decode()
    assert "kein laufender Mietvertrag" not in page
    assert f"beginnt am {in_days(30):%d.%m.%Y}" in page
    assert str(unit) in page


def test_a_change_nobody_else_consents_to_waits_only_for_the_approval(tenant, case_worker):
    """A name change asks no one's consent: its state says it waits for our approval, on both sides."""
    client_for(tenant.user).post(
        reverse("portal:contract_name"), {"last_name": "Musterfrau", "first_name": "", "proof": pdf_upload()}
    )
    change = ContractChange.objects.get()
    portal = client_for(tenant.user).get(reverse("portal:contract_changes")).content.decode()
    staff = (
        client_for(case_worker).get(reverse("backoffice:contract_change", args=[change.pk])).content.decode()
    )
    for page in (portal, staff):
        assert "wartet auf Freigabe" in page
        assert "wartet auf Zustimmung" not in page


def test_the_process_page_leads_staff_to_the_contract_change(tenant, case_worker):
    """From the ticket's "Zum Vorgang" staff reach the Vertragsänderung page, where its facts and the
    Nachtrag are, as every other process with a page of its own links it."""
    _contact(tenant, "Karl Kontakt")
    change = ContractChange.objects.get()
    page = (
        client_for(case_worker).get(reverse("backoffice:process", args=[change.reference])).content.decode()
    )
    assert reverse("backoffice:contract_change", args=[change.pk]) in page


def test_everyone_reads_who_has_consented_under_mein_mietvertrag(tenant, co_tenant):
    """Erika asked for Clara to move in and Ben agreed: Erika and Ben read who agreed and who has not yet
    answered, in the same number of queries with many more changes listed."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from .conftest import consent_link

    client_for(tenant.user).post(
        reverse("portal:contract_move_in"),
        {
            "relation": "spouse",
            "first_name": "Clara",
            "last_name": "Neu",
            "email": "clara@example.org",
            "effective_date": in_days(14).isoformat(),
        },
    )
    assert Client().post(consent_link(co_tenant), {"answer": "agreed"}).status_code == 302
    client = client_for(tenant.user)
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("portal:contract_changes")).text
    for party in (tenant, co_tenant):
        page = client_for(party.user).get(reverse("portal:contract_changes")).text
        assert 'Ben Mustermann: <span class="p-state p-state--approved">zugestimmt</span>' in page
        assert "Clara Neu: Zustimmung noch offen" in page
    for n in range(20):
        _contact(tenant, f"Kontakt {n}")
        ContractChange.objects.filter(kind="contact").update(state=ContractChange.State.WITHDRAWN)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("portal:contract_changes")).text
    assert "Clara Neu: Zustimmung noch offen" in page and page.count("zurückgezogen") == 20
    assert len(many.captured_queries) == len(one.captured_queries)
