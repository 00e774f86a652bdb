"""The process page's Angaben: German labels, dates as dates, codes as their labels; the co-tenants'
texts per language, hashes and ids left out."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from processes import engine, modification, notice, nuisance
from processes.facts import facts_of
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


def _known(process, **labels) -> dict:
    return {fact.label: fact.value for fact in facts_of(process, labels).known}


def test_a_notice_reads_as_dates_labels_and_an_address(templates, tenant, co_tenant):
    move_out = notice.earliest_end(timezone.localdate(), state="BE")
    process = notice.notice_give(
        tenant=tenant,
        actor=Actor.for_party(tenant),
        move_out_date=move_out,
        reason="umzug",
        forwarding={"street": "Neue Straße 5", "postcode": "10115", "city": "Berlin"},
    )
    engine.update_data(process, actor=Actor.system(), data={"pre_inspection_at": "2027-03-10T08:30:00+00:00"})

    facts = facts_of(process, {"pre_inspection": "Vorabnahme"})
    known = {fact.label: fact.value for fact in facts.known}
    assert known["Mietende"] == move_out.strftime("%d.%m.%Y")
    assert known["Grund"] == "Umzug"
    assert known["Neue Anschrift"] == "Neue Straße 5, 10115 Berlin"
    assert known["Termin: Vorabnahme"] == "10.03.2027 09:30"
    assert "vorzeitige Entlassung erbeten" not in known
    assert not facts.other  # the texts per language and the tenant's name are the machine's


def test_a_complaint_and_a_modification_read_as_their_labels(templates, tenant):
    case = nuisance.complaint_submit(
        party=tenant,
        facts={
            "kind": "laerm",
            "times": ["nachts"],
            "frequency": "mehrmals_woche",
            "since": timezone.localdate() - dt.timedelta(days=3),
            "spoke_to_neighbour": False,
            "neighbour": "3. OG rechts",
        },
        description="Bassmusik",
    )
    known = _known(case)
    assert known["Art der Störung"] == "Lärm"
    assert known["mit der Person gesprochen"] == "nein"
    assert known["Verursacht von"] == "3. OG rechts"

    request = modification.request_submit(party=tenant, title="Dusche", room="Bad", description="bodengleich")
    assert _known(request) == {"Vorhaben": "Dusche", "Raum": "Bad"}


def test_the_process_page_shows_the_facts_and_folds_away_unknown_keys(client, case_worker, templates, tenant):
    process = engine.start(
        "kuendigung",
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"tenant": tenant},
        data={"move_out_date": "2027-03-31", "notice_texts": {"de": "GEHEIMTEXT"}, "erp_key": "A-17"},
    )
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:process", args=[process.ticket.reference])).content.decode()
    assert "<dt>Mietende</dt><dd>31.03.2027</dd>" in page
    assert "GEHEIMTEXT" not in page
    assert "Weitere gespeicherte Angaben" in page and "erp_key" in page


def test_an_amount_reads_as_the_reader_writes_it(templates, tenant):
    """The Angaben's amounts go through the one money formatting (estate.money): 1.234,50 € for a German
    colleague, €1,234.50 for an English one."""
    from django.utils import translation

    process = engine.start(
        "kuendigung", actor=Actor.for_party(tenant), reporter_party=tenant, parties={"tenant": tenant}
    )
    engine.update_data(process, actor=Actor.system(), data={"amount": "1234.5"})
    assert _known(process)["Betrag"] == "1.234,50 €"
    with translation.override("en"):
        assert "€1,234.50" in {fact.value for fact in facts_of(process).known}
