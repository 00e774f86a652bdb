"""Mietbescheinigung: issued only with every figure; a figure our data lacks (the heating-cost prepayment
the tenancy agreement does not split off) is completed by the case worker before anything is written."""

from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_decide, certificate_request
from tickets.actors import Actor

from .conftest import concluded_letting, documents_of, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture
def waiting(tenant, home, letting_templates, certificate_templates) -> Certificate:
    concluded_letting(home)
    return certificate_request(party=tenant, kind="mietbescheinigung", actor=Actor.for_party(tenant))


def test_a_missing_figure_makes_it_wait_with_what_we_know(waiting, tenant):
    assert waiting.state == Certificate.State.PENDING and waiting.document is None
    assert waiting.rent_net == Decimal("640.00") and waiting.operating_costs == Decimal("195.50")
    assert waiting.heating_costs is None and waiting.household == 2
    assert waiting.area == Decimal("61.30") and waiting.rooms == Decimal("2.5")
    assert "Heizkostenvorauszahlung" in waiting.hold_reason
    assert documents_of(tenant) == []


def test_staff_cannot_issue_it_blank(client, waiting, case_worker):
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:certificate", args=[waiting.pk])).content.decode()
    assert 'value="640,00"' in page and 'value="61,30"' in page
    url = reverse("backoffice:certificate_issue", args=[waiting.pk])
    form = {
        "version": waiting.process.version,
        "rent_net": "640,00",
        "operating_costs": "195,50",
        "heating_costs": "",
        "area": "61,30",
        "rooms": "2,5",
        "household": "2",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Bitte geben Sie die Heizkostenvorauszahlung an." in response.content.decode()
    response = client.post(url, {**form, "heating_costs": "viel"})
    assert response.status_code == 400 and "als Zahl an" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == Certificate.State.PENDING and waiting.heating_costs is None


def test_staff_complete_the_heating_costs_and_it_is_issued(client, waiting, tenant, case_worker):
    client.force_login(case_worker)
    response = client.post(
        reverse("backoffice:certificate_issue", args=[waiting.pk]),
        {
            "version": waiting.process.version,
            "rent_net": "640,00",
            "operating_costs": "195,50",
            "heating_costs": "84,50",
            "area": "61,30",
            "rooms": "2,5",
            "household": "2",
        },
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == Certificate.State.ISSUED and waiting.heating_costs == Decimal("84.50")
    assert waiting.decided_by == case_worker
    text = " ".join(text_of(waiting).split())
    for expected in (
        "Grundmiete (Nettokaltmiete) 640,00 €",
        "Betriebskostenvorauszahlung 195,50 €",
        "Heizkostenvorauszahlung 84,50 €",
        "Gesamtmiete monatlich 920,00 €",
        "Wohnfläche 61,3 m²",
        "Zimmer 2,5",
        "Personen im Haushalt 2",
        "Mietbeginn 01.04.2021",
        "Erika Mustermann",
        "Jonas Mustermann",
    ):
        assert expected in text, expected
    assert any(title.startswith("Mietbescheinigung (Stand ") for title in documents_of(tenant))


def test_the_generic_process_page_cannot_issue_it_without_the_figures(waiting, case_worker):
    from processes import engine
    from processes.own_forms import StepNeedsOwnForm

    with pytest.raises(StepNeedsOwnForm):
        engine.complete(waiting.process, "issue", actor=Actor.for_user(case_worker), outcome="issued")


def test_a_decision_on_a_page_decided_meanwhile_is_refused(client, waiting, case_worker):
    version = waiting.process.version
    certificate_decide(waiting, actor=Actor.for_user(case_worker), issue=False, reason="Keine Angaben.")
    client.force_login(case_worker)
    response = client.post(
        reverse("backoffice:certificate_refuse", args=[waiting.pk]), {"version": version, "reason": "Nein."}
    )
    assert response.status_code == 409
    waiting.refresh_from_db()
    assert waiting.reason == "Keine Angaben."
