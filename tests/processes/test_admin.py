"""The admin edits templates with their steps in three languages and shows running processes read-only."""

import pytest
from django.urls import reverse

from processes import engine
from processes.models import StepTemplate
from tests.factories import UserFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_template_pages_and_a_process_read_only(admin_client, templates, tenant):
    process = engine.start(
        "kuendigung", actor=Actor.system(), reporter_party=tenant, parties={"tenant": tenant}
    )
    template = templates["kuendigung"]
    page = admin_client.get(reverse("admin:processes_processtemplate_change", args=[template.pk]))
    assert page.status_code == 200
    assert "Vorabnahme" in page.content.decode() and "Pre-inspection" in page.content.decode()
    assert admin_client.get(reverse("admin:processes_processtemplate_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:processes_process_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:processes_process_change", args=[process.pk])).status_code == 200
    assert admin_client.get(reverse("admin:processes_process_add")).status_code in (403, 404)


def test_a_step_refuses_unknown_roles_and_a_date_rule_without_its_date():
    from django.core.exceptions import ValidationError

    step = StepTemplate(visible_to=["landlord"], outcomes={})
    with pytest.raises(ValidationError):
        step.clean()
    step = StepTemplate(visible_to=["tenant"], outcomes={}, deadline_from="date", deadline_field="")
    with pytest.raises(ValidationError):
        step.clean()
    StepTemplate(visible_to=["tenant"], outcomes={"yes": "end"}).clean()
