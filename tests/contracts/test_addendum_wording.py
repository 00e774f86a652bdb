"""The Nachtrag zum Mietvertrag prints in § 1 the very text everyone consented to, even if the wording
changed between their consent and the approval; it names the person moving in as the letters do (by
their salutation: "weitere Mieterin", "weiterer Mieter", else "weitere Mietpartei") and writes dates
as TT.MM.JJJJ."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from contracts import consent
from contracts.models import ContractChange
from tests.letters.pdftools import page_texts

from .conftest import client_for, consent_link, in_days

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"


def _move_in(tenant, salutation):
    answer = client_for(tenant.user).post(
        reverse("portal:contract_move_in"),
        {
            "relation": "spouse",
            "salutation": salutation,
            "first_name": "Clara",
            "last_name": "Neu",
            "email": "clara@example.org",
            "effective_date": in_days(14).isoformat(),
        },
    )
    assert answer.status_code == 302
    return ContractChange.objects.get()


def _consent_all(co_tenant):
    from estate.models import Party

    for party in (co_tenant, Party.objects.get(email="clara@example.org")):
        assert Client().post(consent_link(party), {"answer": "agreed"}).status_code == 302


def _approve(case_worker, change) -> str:
    change.process.refresh_from_db()
    answer = client_for(case_worker).post(
        reverse("backoffice:contract_change_approve", args=[change.pk]), {"version": change.process.version}
    )
    assert answer.status_code == 302
    change.refresh_from_db()
    text = " ".join(page_texts(change.addendum.read()))
    return " ".join(text.replace("\u2010\n", "").replace("\u2010 ", "").split())  # lines joined, unhyphenated


def test_the_addendum_prints_the_text_consented_to_not_todays_wording(
    tenant, co_tenant, case_worker, monkeypatch
):
    change = _move_in(tenant, "Frau")
    consented = change.process.data["consent_texts"]["de"]
    _consent_all(co_tenant)
    # The wording is changed after everyone consented (a new release, an edited translation).
    monkeypatch.setattr(consent, "change_line", lambda data: "Geänderter Wortlaut nach der Zustimmung.")
    monkeypatch.setattr("contracts.addendum.change_line", consent.change_line, raising=False)
    text = _approve(case_worker, change)
    assert "Geänderter Wortlaut" not in text
    squeezed = "".join(text.split())  # the PDF's text spaces justified lines at will
    for line in consented.splitlines()[1:]:
        assert "".join(line.split()) in squeezed


@pytest.mark.parametrize(
    ("salutation", "word", "relation"),
    [
        ("Frau", "weitere Mieterin", "Ehepartnerin"),
        ("Herr", "weiterer Mieter", "Ehepartner"),
        ("", "weitere Mietpartei", "Ehegatte"),
    ],
)
def test_the_person_moving_in_is_named_by_salutation_and_dates_are_short(
    tenant, co_tenant, case_worker, salutation, word, relation
):
    change = _move_in(tenant, salutation)
    _consent_all(co_tenant)
    text = _approve(case_worker, change)
    day = in_days(14).strftime("%d.%m.%Y")
    assert f"Aufnahme von Clara Neu als {word} ({relation}) ab dem {day}." in text
    assert "Mietparteien bisher: Erika Mustermann, Ben Mustermann" in text
    assert "Mietparteien danach: Erika Mustermann, Ben Mustermann, Clara Neu" in text
    assert "/in" not in text and "/r " not in text
    change.addendum.seek(0)
    raw = " ".join(page_texts(change.addendum.read()))
    assert raw.count("Mietparteien danach") == 2  # the facts' label is not split: "da‐ nach"
    assert not re.search(rf"\d{{1,2}}\. ({MONTHS}) \d{{4}}", text)


def test_the_consent_table_names_each_signer_by_salutation(tenant, co_tenant, case_worker):
    tenant.salutation, co_tenant.salutation = "Frau", "Herr"
    tenant.save(update_fields=["salutation"])
    co_tenant.save(update_fields=["salutation"])
    change = _move_in(tenant, "Frau")
    _consent_all(co_tenant)
    text = _approve(case_worker, change)
    assert "Erika Mustermann Mieterin" in text
    assert "Ben Mustermann Mitmieter " in text and "Clara Neu Mitmieterin" in text
    assert "Mieter/in " not in text and "Mitmieter/in" not in text
