"""The report wizard leads an item that carries a process to that process's own form, not to a ticket."""

import pytest
from django.urls import reverse

from portal.places import report_places

pytestmark = pytest.mark.django_db

FORMS = {
    "kuendigung": "portal:notice",
    "nachbarschaftsstoerung": "portal:nuisance_complaint",
    "bauliche_veraenderung": "portal:modification_request",
}


def _pick(client, tenant, item):
    client.force_login(tenant.user)
    place = report_places(tenant)[0]
    query = {"place": place.key, "category": item.group.category_id, "group": item.group_id, "item": item.pk}
    return client.get(reverse("portal:report"), query)


@pytest.mark.parametrize("code", FORMS)
def test_the_item_of_a_process_leads_to_its_form(client, templates, tenant, code):
    response = _pick(client, tenant, templates[code].catalog_item)
    assert response.status_code == 302
    assert response["Location"] == reverse(FORMS[code])
    assert client.get(response["Location"]).status_code == 200


def test_an_inactive_template_leaves_its_item_a_plain_report(client, templates, tenant):
    template = templates["nachbarschaftsstoerung"]
    template.is_active = False
    template.save()
    response = _pick(client, tenant, template.catalog_item)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:report_details"))
