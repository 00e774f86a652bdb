import pytest
from django.urls import reverse

from estate.models import BankAccount
from tests.factories import BankAccountFactory, ChangeRequestFactory
from tickets.models import ChangeRequest

pytestmark = pytest.mark.django_db


def test_phone_change_applies_at_once(tenant_client, tenant):
    response = tenant_client.post(reverse("portal:phone_change"), {"phone-phone": " +49  170 1234567 "})
    assert response.status_code == 302
    tenant.refresh_from_db()
    assert tenant.phone == "+491701234567"


def test_invalid_phone_is_a_form_error_with_summary(tenant_client, tenant):
    response = tenant_client.post(reverse("portal:phone_change"), {"phone-phone": "call me maybe"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert 'href="#id_phone-phone"' in page
    tenant.refresh_from_db()
    assert tenant.phone == "030 1234567"


def test_bank_change_becomes_a_pending_change_request_not_master_data(tenant_client, tenant):
    BankAccountFactory(party=tenant, iban="DE89370400440532013000", holder="Erika Mustermann")
    response = tenant_client.post(
        reverse("portal:bank_change"),
        {"bank-holder": "Erika Mustermann", "bank-iban": "DE02 1203 0000 0000 2020 51", "bank-bic": ""},
    )
    assert response.status_code == 302
    request = ChangeRequest.objects.get(party=tenant)
    assert (request.kind, request.state) == ("bank_account", "pending")
    assert request.new_values["iban"] == "DE02120300000000202051"
    assert BankAccount.objects.get(party=tenant).iban == "DE89370400440532013000"
    page = tenant_client.get(reverse("portal:my_data")).content.decode()
    assert "wartet auf Freigabe" in page
    assert "DE02 **** **** **** **20 51" in page
    assert "0000202051" not in page


def test_wrong_iban_shows_the_rules_german_message_as_form_error(tenant_client, tenant):
    response = tenant_client.post(
        reverse("portal:bank_change"), {"bank-holder": "Erika", "bank-iban": "DE02120300000000202052"}
    )
    assert response.status_code == 400
    assert "Die Prüfziffer der IBAN stimmt nicht" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_name_change_leads_to_the_request_with_proof_and_stores_nothing(tenant_client, tenant):
    response = tenant_client.post(
        reverse("portal:name_change"), {"name-first_name": "Erika", "name-last_name": "Musterfrau"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:contract_name")
    assert not ChangeRequest.objects.exists()
    tenant.refresh_from_db()
    assert tenant.last_name == "Mustermann"


def test_tenant_sees_decided_requests_with_the_reason_and_not_others(tenant_client, tenant, other_tenant):
    ChangeRequestFactory(party=tenant, state="approved")
    ChangeRequestFactory(party=tenant, state="rejected", reason="Kontoinhaber passt nicht zum Mietvertrag")
    ChangeRequestFactory(party=other_tenant, kind="name", new_values={"last_name": "Fremdname"})
    page = tenant_client.get(reverse("portal:my_data")).content.decode()
    assert "freigegeben" in page and "abgelehnt" in page
    assert "Kontoinhaber passt nicht zum Mietvertrag" in page
    assert "Fremdname" not in page


def test_my_data_query_count_is_the_same_for_1_and_20_requests(
    tenant_client, tenant, django_assert_num_queries, django_assert_max_num_queries
):
    ChangeRequestFactory(party=tenant)
    # Session, user with party, the bank account, the requests, the running Zusatzleistungen and the four
    # kinds of place.
    with django_assert_max_num_queries(9) as one:
        tenant_client.get(reverse("portal:my_data"))
    ChangeRequestFactory.create_batch(19, party=tenant)
    with django_assert_num_queries(len(one.captured_queries)):
        tenant_client.get(reverse("portal:my_data"))


def test_change_endpoints_only_accept_post(tenant_client):
    for name in ("phone_change", "email_change", "bank_change", "name_change"):
        assert tenant_client.get(reverse(f"portal:{name}")).status_code == 405
