"""Every admin list, add and change page of master data, catalogs and accounts opens for an admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from estate.models import IbanAccess
from tests import factories

# Logs nobody adds to or edits by hand: list and view pages only.
READ_ONLY = {"estate.ibanaccess"}

APPS = {"estate", "catalogs", "accounts"}
MODELS = sorted(
    f"{model._meta.app_label}.{model._meta.model_name}"
    for model in admin.site._registry
    if model._meta.app_label in APPS
)


@pytest.fixture
def admin_user_client(client, db):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def master_data(db):
    """One row of everything, so list columns and inlines render real values."""
    tenancy = factories.TenancyFactory()
    factories.BankAccountFactory(party=tenancy.party)
    factories.OwnershipFactory(unit=tenancy.unit)
    factories.BoardMembershipFactory(property=tenancy.unit.building.property)
    factories.CaretakerAssignmentFactory(property=tenancy.unit.building.property)
    tenancy.unit.building.property.features.add(factories.PropertyFeatureFactory(code="aufzug"))
    contact = factories.ContractorContactFactory()
    contact.contractor.trades.add(factories.TradeFactory(code="sanitaer"))
    factories.TeamMembershipFactory()
    factories.AbsenceFactory()
    extra = factories.ExtraFieldFactory()
    factories.ResponsibilityFactory(property=tenancy.unit.building.property, item=extra.item)
    factories.WorkflowRuleFactory(group=extra.item.group)
    factories.NoticePostFactory(property=tenancy.unit.building.property)
    factories.DocumentFactory(party=tenancy.party)
    IbanAccess.objects.create(user=factories.StaffFactory(), party=tenancy.party, purpose="Test")


def test_every_model_of_these_apps_is_in_the_admin():
    assert {"estate.property", "estate.party", "catalogs.catalogitem", "catalogs.workflowrule"} <= set(MODELS)
    assert "estate.bankaccount" not in MODELS  # bank details change only through change requests


@pytest.mark.parametrize("model", MODELS)
def test_list_add_and_change_pages_open(admin_user_client, master_data, model):
    app_label, model_name = model.split(".")
    for view in ("changelist",) if model in READ_ONLY else ("changelist", "add"):
        response = admin_user_client.get(reverse(f"admin:{app_label}_{model_name}_{view}"))
        assert response.status_code == 200, view
    obj = admin.site._registry
    model_class = next(m for m in obj if m._meta.label_lower == model)
    first = model_class.objects.first()
    response = admin_user_client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[first.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_list_search_answers(admin_user_client, master_data, model):
    app_label, model_name = model.split(".")
    response = admin_user_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"), {"q": "Muster"})
    assert response.status_code == 200


def test_party_page_shows_the_iban_masked_and_read_only(admin_user_client, db):
    account = factories.BankAccountFactory(iban="DE89370400440532013000")
    response = admin_user_client.get(reverse("admin:estate_party_change", args=[account.party_id]))
    page = response.content.decode()
    assert "DE89 **** **** **** **30 00" in page
    assert "DE89370400440532013000" not in page
    assert 'name="bank_accounts-0-iban"' not in page


def test_the_iban_access_log_is_read_only(admin_user_client, master_data):
    assert admin_user_client.get(reverse("admin:estate_ibanaccess_add")).status_code == 404
    access = IbanAccess.objects.get()
    response = admin_user_client.post(
        reverse("admin:estate_ibanaccess_delete", args=[access.pk]), {"post": "yes"}
    )
    assert response.status_code == 404 and IbanAccess.objects.filter(pk=access.pk).exists()
