"""Personen: the search by name, address, unit number, phone or e-mail, and the 360° view of a person."""

import pytest
from django.urls import reverse

from estate.models import IbanAccess
from tests.factories import (
    BankAccountFactory,
    BoardMembershipFactory,
    CaretakerAssignmentFactory,
    ChangeRequestFactory,
    DocumentFactory,
    FollowUpFactory,
    MessageFactory,
    OwnershipFactory,
    PartyFactory,
    StaffFactory,
    TenancyFactory,
    TicketFactory,
    UnitFactory,
)
from tickets.status import Status

pytestmark = pytest.mark.django_db

MASKED_IBAN = "DE89 **** **** **** **30 00"


def _search(client, q):
    return client.get(reverse("backoffice:people"), {"q": q}).content.decode()


def test_search_finds_by_name_street_unit_phone_and_email(staff_client, tenant, unit):
    tenant.phone, tenant.email = "030 1234567", "erika.m@example.org"
    tenant.save()
    unit.number, unit.building.street = "WE-0815", "Lindenallee"
    unit.save()
    unit.building.save()
    for q in ("Musterm", "linden", "0815", "1234567", "erika.m@", "Erika Lindenallee"):
        assert "Erika Mustermann" in _search(staff_client, q), q


def test_search_words_narrow_each_other(staff_client, tenant, other_tenant):
    page = _search(staff_client, "Mustermann Meier")
    assert "Erika Mustermann" not in page and "Max Meier" not in page
    assert "Niemand gefunden" in page


def test_htmx_search_answers_only_the_results(staff_client, tenant):
    response = staff_client.get(reverse("backoffice:people"), {"q": "Muster"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="person-results"') and "Erika Mustermann" in page


@pytest.mark.parametrize("rows", [1, 50])
def test_search_runs_a_fixed_number_of_queries(staff_client, rows, django_assert_num_queries):
    for _ in range(rows):
        TenancyFactory(party=PartyFactory(last_name="Schulze"))
    # session, user, permissions (own and groups, for the menu), the people, their current homes
    with django_assert_num_queries(6):
        page = _search(staff_client, "Schulze")
    assert page.count("Schulze</a>") == rows


def _whole_life(party):
    prop = party.tenancies.get().unit.building.property
    OwnershipFactory(party=party, unit=UnitFactory())
    BoardMembershipFactory(party=party, property=prop)
    CaretakerAssignmentFactory(party=party)
    reported = TicketFactory(reporter=party, property=prop, description="Heizung kalt")
    TicketFactory(reporter=party, property=prop, status=Status.DONE)
    about = TicketFactory(subject_party=party, property=prop, description="Lärm nachts")
    MessageFactory(ticket=reported, body="Wir schicken jemanden.")
    FollowUpFactory(ticket=reported, note="Nachfragen")
    ChangeRequestFactory(party=party)
    DocumentFactory(party=party)
    return reported, about


def test_person_page_shows_roles_tickets_complaints_and_more(staff_client, tenant):
    reported, about = _whole_life(tenant)
    page = staff_client.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    for text in ("Mieter", "Eigentümer", "Beirat", "Hauswart", reported.reference, about.reference):
        assert text in page, text
    for text in ("Wir schicken jemanden.", "Nachfragen", "Bankverbindung", "Betriebskostenabrechnung 2025"):
        assert text in page, text
    complaints = page.split("Beschwerden über diese Person")[1]
    assert about.reference in complaints.split("Wiedervorlagen")[0]


def test_person_page_lists_open_tickets_first(staff_client, case_worker, tenant):
    done = TicketFactory(reporter=tenant, status=Status.DONE, assignee=case_worker)
    open_ = TicketFactory(reporter=tenant)
    page = staff_client.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    assert page.index(open_.reference) < page.index(done.reference)


def test_person_page_runs_a_fixed_number_of_queries(staff_client, tenant, django_assert_num_queries):
    _whole_life(tenant)
    # The staff list of the task form is one of them, the ticket permissions behind `visible_to` another,
    # the processes the person has a role in a third; the payment requests and the payment method one each,
    # and one each for payment plans, subscriptions, swaps, lettings, contract changes, the contact person,
    # the certificates and the permissions in force (Erlaubnisse).
    with django_assert_num_queries(29) as first:
        staff_client.get(reverse("backoffice:person", args=[tenant.pk]))
    for _ in range(10):
        _whole_life(tenant)
    with django_assert_num_queries(len(first.captured_queries)):
        staff_client.get(reverse("backoffice:person", args=[tenant.pk]))


def test_iban_is_masked_until_an_approver_asks_and_then_logged(staff_client, tenant, case_worker, client):
    BankAccountFactory(party=tenant, iban="DE89370400440532013000")
    url = reverse("backoffice:person", args=[tenant.pk])
    masked = staff_client.get(url)
    assert masked.status_code == 200
    assert MASKED_IBAN in masked.content.decode()
    assert "DE89370400440532013000" not in masked.content.decode()
    assert not IbanAccess.objects.exists()
    assert "DE89370400440532013000" in staff_client.get(url, {"iban": "zeigen"}).content.decode()
    assert IbanAccess.objects.get().user == case_worker
    client.force_login(StaffFactory())
    refused = client.get(url, {"iban": "zeigen"})
    assert refused.status_code == 200
    assert MASKED_IBAN in refused.content.decode()
    assert "DE89370400440532013000" not in refused.content.decode()
    assert IbanAccess.objects.count() == 1


def test_confidential_tickets_of_a_colleague_stay_hidden(client, tenant, case_worker):
    hidden = TicketFactory(reporter=tenant, restricted_to=case_worker)
    shown = TicketFactory(reporter=tenant)
    client.force_login(StaffFactory())
    response = client.get(reverse("backoffice:person", args=[tenant.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert shown.reference in page
    assert hidden.reference not in page


def test_ticket_page_links_to_the_person(staff_client, tenant):
    ticket = TicketFactory(reporter=tenant)
    page = staff_client.get(reverse("backoffice:ticket", args=[ticket.reference])).content.decode()
    assert reverse("backoffice:person", args=[tenant.pk]) in page


def test_tenants_get_404(client, tenant):
    client.force_login(tenant.user)
    assert client.get(reverse("backoffice:people"), {"q": "Muster"}).status_code == 404
    assert client.get(reverse("backoffice:person", args=[tenant.pk])).status_code == 404


@pytest.fixture
def money_templates(db):
    from django.apps import apps

    from payments.standard import install

    install(apps)


@pytest.mark.parametrize("rows", [1, 20])
def test_person_page_lists_payments_at_the_same_query_count_for_1_and_20_requests(
    staff_client, money_templates, tenant, case_worker, django_assert_num_queries, rows
):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from payments.models import PaymentMethod, PaymentMethodChange, SepaMandate
    from payments.requests import request_create
    from tickets.actors import Actor

    for n in range(rows):
        payment = request_create(
            party=tenant,
            amount=Decimal(f"{n + 1}.00"),
            purpose=f"Ersatzschlüssel {n}",
            due_date=timezone.localdate() + dt.timedelta(days=n),
            actor=Actor.for_user(case_worker),
        )
    mandate = SepaMandate.objects.create(
        party=tenant,
        process=payment.process,
        reference="MANDAT-TEST-1",
        creditor_id="DE98ZZZ09999999999",
        creditor_name="Hausverwaltung",
        holder="Erika Mieterin",
        iban="DE89370400440532013000",
        state=SepaMandate.State.ACTIVE,
    )
    PaymentMethodChange.objects.create(
        process=payment.process,
        party=tenant,
        method=PaymentMethod.DIRECT_DEBIT,
        mandate=mandate,
        state=PaymentMethodChange.State.APPROVED,
        decided_at=timezone.now(),
    )
    url = reverse("backoffice:person", args=[tenant.pk])
    # The same 29 as the page without payments: the requests and the payment method are one query each.
    with django_assert_num_queries(29):
        page = staff_client.get(url).content.decode()
    assert page.count(reverse("backoffice:payment", args=[payment.reference])) == 1
    link = reverse("backoffice:payment", args=[payment.reference])
    assert page.count('href="' + link.removesuffix(payment.reference + "/")) == rows
    assert "Zahlungsaufforderungen" in page and "Lastschriftmandat" in page
    assert "MANDAT-TEST-1" in page and MASKED_IBAN in page
    assert "DE89370400440532013000" not in page
