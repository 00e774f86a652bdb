"""The SEPA mandate stays German legal text, but a tenant reading the portal in English or Dutch gets a
summary of what they sign in their language beside it; the mandate names the tenant Mieterin or Mieter
by the salutation."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

IBAN = "DE89 3704 0044 0532 0130 00"


def _mandate_page(client, tenant, language):
    client.force_login(tenant.user)
    client.cookies["django_language"] = language
    asked = client.post(
        reverse("portal:payment_method"), {"method": "debit", "holder": "Erika Mustermann", "iban": IBAN}
    )
    assert asked.status_code == 302
    page = client.get(reverse("portal:mandate_sign"))
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_reader_of_another_language_gets_a_summary_beside_the_german_text(
    client, money_templates, tenant, language
):
    html = _mandate_page(client, tenant, language)
    assert 'id="mandate-summary-h"' in html
    assert "Wohnungsbau Musterstadt eG" in html.split('id="mandate-summary-h"')[1].split("</section>")[0]
    assert '<section class="p-card" aria-label="' in html and 'lang="de"' in html
    assert "Ich ermächtige Wohnungsbau Musterstadt eG" in html  # the German mandate itself


def test_a_german_reader_gets_the_mandate_alone(client, money_templates, tenant):
    html = _mandate_page(client, tenant, "de")
    assert 'id="mandate-summary-h"' not in html
    assert "Ich ermächtige Wohnungsbau Musterstadt eG" in html


@pytest.mark.parametrize(
    ("salutation", "word"), [("Frau", "Mieterin"), ("Herr", "Mieter"), ("", "Mieter/in")]
)
def test_the_mandate_names_the_tenant_by_the_salutation(client, money_templates, tenant, salutation, word):
    tenant.salutation = salutation
    tenant.save(update_fields=["salutation"])
    html = _mandate_page(client, tenant, "de")
    assert f"<dt>{word}</dt><dd>Erika Mustermann" in html
