"""The queue's filter fields are rendered once per combination of values and kept: each page still shows
its own values, and a change of the choice lists shows at once."""

import pytest
from django.urls import reverse

from tests.factories import ContractorFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("backoffice:queue")


def test_each_page_shows_the_values_it_was_sent(staff_client):
    high = staff_client.get(QUEUE, {"view": "all", "priority": "high"}).content.decode()
    low = staff_client.get(QUEUE, {"view": "all", "priority": "low"}).content.decode()
    again = staff_client.get(
        QUEUE, {"view": "all", "priority": "high", "due_from": "2026-01-02"}
    ).content.decode()
    assert '<option value="high" selected>' in high and '<option value="low" selected>' not in high
    assert '<option value="low" selected>' in low and '<option value="high" selected>' not in low
    assert 'name="due_from" value="2026-01-02"' in again


def test_a_new_contractor_is_offered_at_once(staff_client):
    staff_client.get(QUEUE, {"view": "all"})
    contractor = ContractorFactory(name="Dachdecker & Söhne")
    page = staff_client.get(QUEUE, {"view": "all"}).content.decode()
    assert f'<option value="{contractor.pk}">Dachdecker &amp; Söhne</option>' in page


def test_a_field_with_an_error_says_so(staff_client):
    page = staff_client.get(QUEUE, {"view": "all", "due_from": "2026-05-02", "due_to": "2026-05-01"})
    assert page.status_code == 400
    assert '<div class="field invalid">' in page.content.decode()
    ok = staff_client.get(QUEUE, {"view": "all", "due_from": "2026-05-01", "due_to": "2026-05-02"})
    assert '<div class="field invalid">' not in ok.content.decode()
