import datetime as dt

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncMonth

from estate.models import BankAccount, Party
from privacy.anonymise import anonymise_due
from privacy.models import LegalHold, RetentionRule
from privacy.retention import preview
from reports.facts import rebuild
from reports.models import TicketFact
from tickets.models import Ticket
from tickets.search import refresh_search_vector

from .former_tenant import EMAIL, NEEDLES, former_tenant

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


@pytest.fixture(autouse=True)
def all_rules_on():
    RetentionRule.objects.update(active=True)


def _traces(needle: str) -> list[str]:
    """Every row of every model whose text, JSON or binary columns mention `needle`."""
    found = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for row in model.objects.values_list("pk", *fields):
            for value in row[1:]:
                text = (
                    bytes(value).decode(errors="ignore")
                    if isinstance(value, (bytes, memoryview))
                    else str(value)
                )
                if needle.lower() in text.lower():
                    found.append(f"{model._meta.label} {row[0]}")
    return found


def _figures() -> dict:
    tickets = Ticket.objects.values("status", "category_id", month=TruncMonth("created_at"))
    rebuild()
    return {
        "by_status_category_month": sorted(
            (r["status"], r["category_id"], r["month"], r["n"]) for r in tickets.annotate(n=Count("pk"))
        ),
        "facts": sorted(TicketFact.objects.values_list()),
    }


def test_preview_counts_before_anything_changes(unit):
    party, ticket = former_tenant(unit)
    counts = preview(TODAY)
    assert counts["tickets"] == 1
    assert counts["emails"] == 1 and counts["letters"] == 1 and counts["inbound_mails"] == 1
    # The party waits for its records: counted the night after they went.
    assert counts["parties"] == 0
    assert Party.objects.get(pk=party.pk).email == EMAIL


def test_after_the_run_no_table_and_no_search_finds_the_person(unit, tenant):
    party, ticket = former_tenant(unit)
    refresh_search_vector([ticket.pk])
    assert Ticket.objects.matching("Quellbrunn").exists()
    assert _traces("Quellbrunn")
    run = anonymise_due(triggered_by="test", today=TODAY)
    assert run.counts["parties"] == 1 and run.counts["tickets"] == 1
    for needle in NEEDLES:
        assert _traces(needle) == [], needle
    assert not Ticket.objects.matching("Quellbrunn").exists()
    assert not Ticket.objects.matching("Zacharias").exists()
    party.refresh_from_db()
    assert party.display_name == "Anonymisiert"
    assert not BankAccount.objects.filter(party=party).exists()
    assert not party.user.is_active
    # The current tenant is left alone.
    tenant.refresh_from_db()
    assert tenant.last_name == "Mustermann"


def test_photos_and_print_files_are_removed(unit):
    _party, ticket = former_tenant(unit)
    photo = ticket.attachments.get()
    path = photo.file.path
    anonymise_due(triggered_by="test", today=TODAY)
    import os

    assert not os.path.exists(path)
    photo.refresh_from_db()
    assert not photo.file


def test_report_figures_are_the_same_after_the_run(unit):
    former_tenant(unit)
    before = _figures()
    anonymise_due(triggered_by="test", today=TODAY)
    assert _figures() == before


def test_legal_hold_on_the_person_keeps_everything(unit):
    party, ticket = former_tenant(unit)
    LegalHold.objects.create(party=party, reason="Räumungsklage")
    before = {needle: _traces(needle) for needle in NEEDLES}
    run = anonymise_due(triggered_by="test", today=TODAY)
    assert run.counts["tickets"] == 0 and run.counts["parties"] == 0
    assert {needle: _traces(needle) for needle in NEEDLES} == before


def test_legal_hold_on_the_ticket_keeps_it_and_so_the_person(unit):
    party, ticket = former_tenant(unit)
    LegalHold.objects.create(ticket=ticket, reason="Gutachten")
    anonymise_due(triggered_by="test", today=TODAY)
    ticket.refresh_from_db()
    assert "Quellbrunn" in ticket.description
    assert Party.objects.get(pk=party.pk).last_name == "Quellbrunn"


def test_retention_counts_from_the_end_of_the_year(unit):
    # Closed on 2 January 2023, kept 3 years: due on 1 January 2027, not a day earlier.
    _party, ticket = former_tenant(unit, closed=dt.datetime(2023, 1, 2, tzinfo=dt.UTC))
    assert preview(dt.date(2026, 12, 31))["tickets"] == 0
    assert preview(dt.date(2027, 1, 1))["tickets"] == 1


def test_inactive_rules_change_nothing(unit):
    RetentionRule.objects.update(active=False)
    former_tenant(unit)
    run = anonymise_due(triggered_by="test", today=TODAY)
    assert run.counts == {}
    assert _traces("Quellbrunn")


def test_a_second_run_finds_nothing_left(unit):
    former_tenant(unit)
    anonymise_due(triggered_by="test", today=TODAY)
    again = anonymise_due(triggered_by="test", today=TODAY)
    assert set(again.counts.values()) == {0}
