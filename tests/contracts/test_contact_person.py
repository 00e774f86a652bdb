"""Ansprechpartner / Zustellbevollmächtigte(r): the tenant names a carer with power of attorney, staff
approve; the person view shows them, the one before ends, and our letters then go in their care."""

import pytest
from django.urls import reverse

from contracts.contacts import contact_of
from contracts.models import ContactPerson, ContractChange
from estate.models import Document
from notifications.letters.specs import postal_address
from tests.letters.pdftools import page_texts

from .conftest import client_for

pytestmark = pytest.mark.django_db

CARER = {
    "name": "Hans Betreuer",
    "scope": "post",
    "basis": "guardian",
    "street": "Am Park 3",
    "postcode": "10115",
    "city": "Berlin",
    "email": "betreuung@example.org",
    "phone": "030 555123",
}


def _ask(tenant, **changes):
    return client_for(tenant.user).post(reverse("portal:contract_contact"), {**CARER, **changes})


def _approve(case_worker, change):
    change.process.refresh_from_db()
    return client_for(case_worker).post(
        reverse("backoffice:contract_change_approve", args=[change.pk]), {"version": change.process.version}
    )


@pytest.mark.pdf
def test_a_carer_receives_the_post_once_approved(tenant, case_worker):
    before = postal_address(tenant)
    assert _ask(tenant).status_code == 302
    change = ContractChange.objects.get()
    assert contact_of(tenant) is None  # nothing changes before the approval
    page = client_for(case_worker).get(reverse("backoffice:contract_change", args=[change.pk])).text
    assert "Hans Betreuer" in page and "gerichtlich bestellte Betreuung" in page and "Umfang" in page
    assert _approve(case_worker, change).status_code == 302

    contact = contact_of(tenant)
    assert contact.name == "Hans Betreuer" and contact.receives_post
    assert postal_address(tenant) == ("Erika Mustermann", "c/o Hans Betreuer", "Am Park 3", "10115 Berlin")
    assert before[1] != "c/o Hans Betreuer"
    letter = Document.objects.get(party=tenant, kind="vertragsaenderung")
    text = page_texts(letter.file.read())[0]
    assert "c/o Hans Betreuer" in text and "gerichtlich bestellte Betreuung" in text

    person = client_for(case_worker).get(reverse("backoffice:person", args=[tenant.pk])).text
    assert "Hans Betreuer (Zustellungsbevollmächtigte Person" in person
    portal = client_for(tenant.user).get(reverse("portal:contract_changes")).text
    assert "Hans Betreuer" in portal


def test_a_new_contact_ends_the_one_before(tenant, case_worker):
    _ask(tenant)
    _approve(case_worker, ContractChange.objects.get())
    _ask(tenant, name="Grete Tochter", scope="contact", basis="relative", street="", postcode="", city="")
    _approve(case_worker, ContractChange.objects.filter(state="pending").get())
    rows = list(ContactPerson.objects.order_by("valid_from"))
    assert [r.name for r in rows] == ["Hans Betreuer", "Grete Tochter"]
    assert rows[0].valid_until is not None and rows[1].valid_until is None
    # A contact for questions only: the letters go to the tenant again.
    assert postal_address(tenant)[1] != "c/o Grete Tochter"


def test_post_to_a_contact_needs_an_address(tenant):
    answer = _ask(tenant, street="", city="")
    assert answer.status_code == 400
    assert "braucht eine Anschrift" in answer.text
    assert not ContractChange.objects.exists()
