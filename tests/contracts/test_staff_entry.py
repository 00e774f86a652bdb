"""Staff enter a change for a tenant who called or wrote (from the 360° view), and tenants who want post
get the letters printed."""

import pytest
from django.test import Client
from django.urls import reverse

from contracts.models import ContractChange
from notifications.models import OutboxMessage

from .conftest import client_for, consent_link, in_days, jpeg

pytestmark = pytest.mark.django_db


def test_staff_enter_a_name_change_with_the_scanned_certificate(tenant, case_worker):
    staff = client_for(case_worker)
    person = staff.get(reverse("backoffice:person", args=[tenant.pk])).text
    url = reverse("backoffice:contract_change_new", args=[tenant.pk, "name"])
    assert url in person
    assert staff.get(url).status_code == 200
    answer = staff.post(url, {"last_name": "Musterfrau", "proof": jpeg("urkunde-scan.jpg")})
    assert answer.status_code == 302
    change = ContractChange.objects.get()
    assert change.requested_by == tenant and change.process.ticket.channel == "staff"
    assert change.process.ticket.attachments.get().original_name == "urkunde-scan.jpg"


def test_staff_entry_without_a_contract_is_404(case_worker):
    from tests.factories import PartyFactory

    outsider = PartyFactory()
    url = reverse("backoffice:contract_change_new", args=[outsider.pk, "contact"])
    assert client_for(case_worker).get(url).status_code == 404


def test_an_unknown_kind_is_404(tenant, case_worker):
    url = reverse("backoffice:contract_change_new", args=[tenant.pk, "alles"])
    assert client_for(case_worker).get(url).status_code == 404


@pytest.mark.pdf
def test_a_tenant_who_wants_post_gets_the_addendum_printed(tenant, co_tenant, case_worker):
    co_tenant.prefers_letters = True
    co_tenant.save(update_fields=["prefers_letters"])
    client_for(tenant.user).post(
        reverse("portal:contract_move_out"),
        {"leaving": co_tenant.pk, "effective_date": in_days(30).isoformat()},
    )
    change = ContractChange.objects.get()
    # The consent link goes by post too: the letter carries it.
    Client().post(consent_link(co_tenant), {"answer": "agreed"})
    change.process.refresh_from_db()
    client_for(case_worker).post(
        reverse("backoffice:contract_change_approve", args=[change.pk]), {"version": change.process.version}
    )
    letter = OutboxMessage.objects.get(kind="contract_addendum", recipient_party=co_tenant)
    assert letter.channel == OutboxMessage.Channel.LETTER
    assert letter.letter["template"] == "letters/contract_addendum.html"
    mail = OutboxMessage.objects.get(kind="contract_addendum", recipient_party=tenant)
    assert mail.channel == OutboxMessage.Channel.EMAIL
