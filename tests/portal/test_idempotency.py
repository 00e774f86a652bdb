"""A report sent twice under the form's send key makes one ticket; other content under it is refused."""

import re
import uuid

import pytest
from django.urls import reverse

from tests.factories import CatalogItemFactory
from tickets.models import Ticket
from tickets.report_keys import ReportKey

from .images import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return CatalogItemFactory(name_de="WC-Spülung defekt", group__name_de="Sanitär")


def details_url(unit, item) -> str:
    return reverse("portal:report_details") + f"?place=u{unit.pk}&item={item.pk}"


def report(key, description="Die Spülung läuft ständig nach.", **extra) -> dict:
    return {"report_key": str(key), "description": description, "visibility": "private", **extra}


def test_the_form_carries_a_new_key_each_time_it_is_shown(tenant_client, unit, item):
    keys = [
        re.search(r'name="report_key" value="([^"]+)"', tenant_client.get(details_url(unit, item)).text)[1]
        for _ in range(2)
    ]
    assert len({uuid.UUID(k) for k in keys}) == 2


def test_same_key_sent_twice_makes_one_ticket(tenant_client, tenant, unit, item, media):
    key = uuid.uuid4()
    first = tenant_client.post(details_url(unit, item), report(key, photos=[photo("a.jpg")]))
    again = tenant_client.post(details_url(unit, item), report(key, photos=[photo("a.jpg")]))
    ticket = Ticket.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == reverse("portal:report_done", args=[ticket.reference])
    assert ticket.attachments.count() == 1
    assert ReportKey.objects.get().ticket == ticket and ticket.reporter == tenant


def test_same_key_with_other_content_is_refused(tenant_client, unit, item):
    key = uuid.uuid4()
    tenant_client.post(details_url(unit, item), report(key))
    response = tenant_client.post(details_url(unit, item), report(key, description="Etwas ganz anderes."))
    assert response.status_code == 409
    assert "schon einmal gesendet, damals mit anderem Inhalt" in response.text
    assert Ticket.objects.get().description == "Die Spülung läuft ständig nach."


def test_same_key_with_another_photo_is_refused(tenant_client, unit, item, media):
    key = uuid.uuid4()
    tenant_client.post(details_url(unit, item), report(key, photos=[photo("a.jpg")]))
    other = photo("a.jpg", size=(65, 48))
    response = tenant_client.post(details_url(unit, item), report(key, photos=[other]))
    assert response.status_code == 409
    assert Ticket.objects.count() == 1


def test_a_form_that_came_back_with_errors_keeps_its_key_and_sends_once(tenant_client, unit, item):
    key = uuid.uuid4()
    response = tenant_client.post(details_url(unit, item), report(key, description=""))
    assert response.status_code == 200 and f'value="{key}"' in response.text
    assert Ticket.objects.count() == 0
    for _ in range(2):
        tenant_client.post(details_url(unit, item), report(key))
    assert Ticket.objects.count() == 1


def test_the_key_is_per_reporter(tenant_client, client, unit, item, other_tenant):
    key = uuid.uuid4()
    tenant_client.post(details_url(unit, item), report(key))
    client.force_login(other_tenant.user)
    other_unit = other_tenant.tenancies.get().unit
    response = client.post(details_url(other_unit, item), report(key))
    assert response.status_code == 302
    assert Ticket.objects.filter(reporter=other_tenant).count() == 1
    assert Ticket.objects.count() == 2


def test_a_form_without_a_key_reports_as_before(tenant_client, unit, item):
    for _ in range(2):
        data = report(uuid.uuid4())
        del data["report_key"]
        assert tenant_client.post(details_url(unit, item), data).status_code == 302
    assert Ticket.objects.count() == 2
    assert not ReportKey.objects.exists()
