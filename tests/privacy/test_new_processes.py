"""Privacy covers the customer processes: the tenant's export holds each of them (and nothing of the swap
partner's), the retention run anonymises them when their rule lets go and keeps a running tenancy's signed
agreement whole, and every model that points at a person has a rule."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.storage import default_storage

from estate.models import Document, Party
from letting.models import Letting
from payments.models import Instalment, PaymentPlan, SepaMandate
from privacy.anonymise import anonymise_due
from privacy.coverage import COVERED
from privacy.export_data import export_content
from privacy.export_files import export_zip, summary_pdf
from privacy.models import LegalHold, RetentionRule
from privacy.retention import preview
from processes.models import NuisanceLogEntry, Process, Signature
from subscriptions.models import SubscriptionChange
from swaps.models import HomeSwap
from tests.factories import PartyFactory, TenancyFactory, resident_user
from tests.letters.pdftools import page_texts
from tickets.models import Ticket
from tickets.status import Status

from .process_world import BROWSER, CONTACT, IP, PARTNER_INCOME, process_for, processes_of

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)
LONG_AGO = dt.datetime(2012, 6, 30, 12, tzinfo=dt.UTC)


@pytest.fixture
def world(tenant, other_tenant):
    return processes_of(tenant, tenant.tenancies.get(), other_tenant)


def _json(content) -> str:
    return json.dumps(content.data, ensure_ascii=False, default=str)


def test_export_holds_every_process_of_the_tenant(tenant, world):
    content = export_content(tenant)
    data = content.data

    assert [r["purpose"] for r in data["payment_requests"]] == ["Schlüsselersatz"]
    assert data["sepa_mandates"][0]["iban"] == "DE89370400440532013000"
    assert data["sepa_mandates"][0]["signature"]["ip_address"] == IP
    assert data["arrears"][0]["amount"] == "640.00"
    plan = data["payment_plans"][0]
    assert plan["state"] == "beendet"
    assert [i["number"] for i in plan["instalments"]] == [1, 2]
    letting = data["lettings"][0]
    assert letting["contract_number"] == world["letting"].contract_number
    assert letting["your_signature"]["browser"] == BROWSER
    assert letting["your_signature"]["drawn"] is True
    assert letting["contract"].endswith("vertrag-versiegelt.pdf")
    subscription = data["subscriptions"][0]
    assert subscription["service"] == "Stellplatz"
    assert subscription["changes"][0]["kind"] == "beendet"
    change = data["contract_changes"][0]
    assert change["kind"] == "Namensänderung"
    assert [c["document"] for c in change["your_consents"]] == ["Nachtrag"]
    assert len(change["proofs"]) == 1
    assert change["addendum"].endswith("nachtrag.pdf")
    assert data["contact_persons"][0]["name"] == CONTACT
    swap = data["home_swaps"][0]
    assert swap["your_role"] == "applicant"
    assert swap["your_household"] == 3
    assert [c["reason"] for c in swap["your_checks"]] == ["seit 2005"]

    # Nothing the swap partner entered about themselves.
    text = _json(content)
    assert str(PARTNER_INCOME) not in text
    assert "Alte Vermietung" not in text
    assert "your_income" not in swap
    assert "Partnerin" not in text

    counts = content.counts()
    for section in ("lettings", "payment_plans", "subscriptions", "contract_changes", "home_swaps"):
        assert counts[section] == 1


def test_export_zip_carries_the_signed_contract_and_the_uploaded_proof(tenant, world):
    content = export_content(tenant)
    archive = zipfile.ZipFile(io.BytesIO(export_zip(tenant, content).read()))
    names = archive.namelist()
    contract = content.data["lettings"][0]["contract"]
    assert contract in names
    assert archive.read(contract).endswith(b"sealed")
    assert content.data["contract_changes"][0]["proofs"][0] in names
    assert content.data["sepa_mandates"][0]["file"] in names


def test_the_readable_summary_lists_the_processes(tenant, world):
    pdf = summary_pdf(tenant, export_content(tenant))
    text = "".join(page_texts(pdf))
    for heading in (
        "Mietverträge",
        "Zahlungen",
        "Zusatzvereinbarungen",
        "Vertragsänderungen",
        "Wohnungstausch",
    ):
        assert heading in text
    assert world["letting"].contract_number in text
    assert "Stellplatz" in text
    assert str(PARTNER_INCOME) not in text


def test_the_partner_sees_their_own_swap_data_and_nothing_of_the_tenants_processes(
    tenant, other_tenant, world
):
    content = export_content(other_tenant)
    data = content.data
    swap = data["home_swaps"][0]
    assert swap["your_role"] == "partner"
    assert swap["your_income"] == str(PARTNER_INCOME)
    assert swap["your_household"] == 5
    for section in (
        "lettings",
        "payment_plans",
        "arrears",
        "subscriptions",
        "contract_changes",
        "contact_persons",
    ):
        assert data[section] == [], section
    text = _json(content)
    assert CONTACT not in text
    assert world["letting"].contract_number not in text
    assert content.files == []


@pytest.fixture
def former():
    """A tenant who moved out in 2012, with every process of theirs over in 2012."""
    party = PartyFactory(first_name="Zacharias", last_name="Quellbrunn")
    tenancy = TenancyFactory(party=party, start=dt.date(2005, 1, 1), end=LONG_AGO.date())
    resident_user(party)
    partner = PartyFactory(first_name="Paula", last_name="Partner")
    return party, processes_of(party, tenancy, partner, ended=LONG_AGO)


@pytest.fixture
def rules_on():
    RetentionRule.objects.update(active=True)


def _files(made) -> list[str]:
    letting, mandate, change = made["letting"], made["mandate"], made["change"]
    signatures = [letting.tenant_signature, mandate.signature, made["consent"]]
    return [
        letting.contract_pdf.name,
        letting.sealed_pdf.name,
        mandate.document.name,
        change.addendum.name,
    ] + [s.image.name for s in signatures]


def test_the_preview_counts_each_new_kind(former):
    counts = preview(TODAY)
    for name in ("lettings", "payment_plans", "arrears", "sepa_mandates", "payment_requests"):
        assert counts[name] == 1, name
    for name in ("subscriptions", "contract_changes", "contact_persons", "home_swaps"):
        assert counts[name] == 1, name


def test_anonymisation_removes_names_ips_images_and_files_and_keeps_the_figures(former, rules_on):
    party, made = former
    files = _files(made)
    assert all(default_storage.exists(name) for name in files)

    run = anonymise_due(triggered_by="test", today=TODAY)

    assert run.counts["lettings"] == 1 and run.counts["home_swaps"] == 1
    assert not any(default_storage.exists(name) for name in files)
    for sig in Signature.objects.filter(party=party):
        assert (sig.signer_name, sig.ip_address, sig.user_agent, bool(sig.image)) == (
            "Anonymisiert",
            None,
            "",
            False,
        )
        assert sig.document_hash == "a" * 64  # that it was signed, and over what, stays

    letting = Letting.objects.get(pk=made["letting"].pk)
    assert (letting.contract_pdf.name, letting.sealed_pdf.name) == ("", "")
    assert not Document.objects.filter(pk=made["letting_document"].pk).exists()
    assert letting.contract_number == made["letting"].contract_number
    assert str(letting.rent_net) == "500.00"
    mandate = SepaMandate.objects.get(pk=made["mandate"].pk)
    assert (mandate.holder, mandate.iban, mandate.document.name) == ("Anonymisiert", "", "")
    plan = PaymentPlan.objects.get(pk=made["plan"].pk)
    assert plan.tenant_terms == {} and str(plan.amount) == "640.00"
    assert set(Instalment.objects.filter(plan=plan).values_list("settled_by", flat=True)) == {""}
    assert set(SubscriptionChange.objects.values_list("note", "by")) == {("", "")}
    contact = made["contact"].__class__.objects.get(pk=made["contact"].pk)
    assert (contact.name, contact.email, contact.phone, contact.street) == ("Anonymisiert", "", "", "")
    swap = HomeSwap.objects.get(pk=made["swap"].pk)
    assert (swap.partner_income, swap.partner_household, swap.applicant_household, swap.outside_landlord) == (
        None, None, 0, "",
    )  # fmt: skip
    assert "Quellbrunn" not in json.dumps(Process.objects.get(pk=made["letting"].process_id).data)

    # Safe to run twice.
    again = anonymise_due(triggered_by="test", today=TODAY)
    assert again.counts["lettings"] == 0


def test_a_running_tenancys_signed_agreement_is_kept_whole(tenant, other_tenant, rules_on):
    made = processes_of(tenant, tenant.tenancies.get(), other_tenant, ended=LONG_AGO)
    files = _files(made)

    anonymise_due(triggered_by="test", today=TODAY)

    letting = Letting.objects.get(pk=made["letting"].pk)
    assert letting.sealed_pdf.name and default_storage.exists(letting.sealed_pdf.name)
    # Its copy among the tenant's documents stays too, though the document rule's ten years have run.
    assert Document.objects.filter(pk=made["letting_document"].pk).exists()
    signature = letting.tenant_signature
    assert (signature.ip_address, signature.user_agent) == (IP, BROWSER)
    assert default_storage.exists(signature.image.name)
    # The approved addendum is part of the running agreement too; the payment vouchers of 2012 are not.
    assert default_storage.exists(made["change"].addendum.name)
    assert not default_storage.exists(made["mandate"].document.name)
    assert set(files) > {letting.sealed_pdf.name}


def test_a_legal_hold_keeps_everything(former, rules_on):
    party, made = former
    LegalHold.objects.create(party=party, reason="Räumungsklage")
    files = _files(made)

    run = anonymise_due(triggered_by="test", today=TODAY)

    assert all(default_storage.exists(name) for name in files)
    assert run.counts["lettings"] == run.counts["payment_plans"] == 0
    assert HomeSwap.objects.get(pk=made["swap"].pk).applicant_household == 3


def test_the_party_waits_until_its_processes_are_anonymised(former):
    party, _made = former
    RetentionRule.objects.filter(kind=RetentionRule.Kind.PARTY).update(active=True)
    anonymise_due(triggered_by="test", today=TODAY)
    assert Party.objects.get(pk=party.pk).last_name == "Quellbrunn"


def _person_models():
    targets = {"estate.Party", "accounts.User"}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model and field.related_model._meta.label in targets:
                yield model._meta.label
                break


def test_every_model_pointing_at_a_person_has_a_privacy_rule():
    missing = sorted(set(_person_models()) - set(COVERED))
    assert missing == [], f"privacy.coverage has no rule for {missing}"
    rules = set(RetentionRule.objects.values_list("kind", flat=True))
    kinds = {value for value in COVERED.values() if value in RetentionRule.Kind.values}
    assert kinds <= rules, "a rule kind without its seeded retention rule"
    assert {"letting", "payment", "subscription", "contract_change", "swap"} <= rules


def test_the_admin_lists_every_rule_with_what_is_due(admin_client, former):
    response = admin_client.get("/admin/privacy/retentionrule/")
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("Mietverträge mit Unterschriften", "Wohnungstausch", "Zusatzvereinbarungen"):
        assert label in page
    assert "§ 147" in page


def test_a_disturbance_log_loses_its_words_with_its_ticket(tenant, unit, rules_on):
    process = process_for(tenant, unit, ended_at=LONG_AGO)
    entry = NuisanceLogEntry.objects.create(
        process=process, party=tenant, occurred_on=LONG_AGO.date(), description="Herr Quellbrunn bohrt nachts"
    )
    Ticket.objects.filter(pk=process.ticket_id).update(status=Status.DONE, closed_at=LONG_AGO)

    anonymise_due(triggered_by="test", today=TODAY)

    entry.refresh_from_db()
    assert (entry.description, entry.occurred_on) == ("Anonymisiert", LONG_AGO.date())
