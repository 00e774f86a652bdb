"""The staff queue knows processes: a filter by Vorgangsart (or any process) and the template's badge on
each process's row, with the page's queries as without them."""

import pytest
from django.urls import reverse

from backoffice import tab_counts
from processes.models import Process, ProcessTemplate, StepTemplate
from processes.standard import install
from tests.factories import CatalogItemFactory, PartyFactory, PropertyFactory, TicketFactory, create_in_bulk

pytestmark = pytest.mark.django_db

QUEUE = reverse("backoffice:queue")


@pytest.fixture
def templates(db):
    """The standard templates (migration 0002 installs them; a flushed database needs them again)."""
    install(ProcessTemplate, StepTemplate)
    return {t.code: t for t in ProcessTemplate.objects.all()}


def _refs(response) -> set[str]:
    return {row.reference for row in response.context["rows"]}


def _process(template, **ticket):
    return Process.objects.create(ticket=TicketFactory(**ticket), template=template)


def test_the_filter_offers_any_process_and_each_active_template(staff_client, templates):
    templates["zahlungsweise"].is_active = False
    templates["zahlungsweise"].save()
    choices = dict(staff_client.get(QUEUE).context["form"].fields["process"].choices)
    assert choices["any"] == "jeder Vorgang"
    assert choices[str(templates["kuendigung"].pk)] == templates["kuendigung"].name_de
    assert str(templates["zahlungsweise"].pk) not in choices


def test_the_filter_narrows_to_the_tickets_of_that_template(staff_client, templates):
    notice = _process(templates["kuendigung"])
    nuisance = _process(templates["nachbarschaftsstoerung"])
    plain = TicketFactory()
    everything = {"view": "all", "status": "any"}
    assert _refs(staff_client.get(QUEUE, everything)) == {
        notice.ticket.reference,
        nuisance.ticket.reference,
        plain.reference,
    }
    by_template = {**everything, "process": templates["kuendigung"].pk}
    assert _refs(staff_client.get(QUEUE, by_template)) == {notice.ticket.reference}
    any_process = {**everything, "process": "any"}
    assert _refs(staff_client.get(QUEUE, any_process)) == {notice.ticket.reference, nuisance.ticket.reference}


def test_a_process_row_wears_its_template_as_a_badge(staff_client, templates):
    _process(templates["bauliche_veraenderung"])
    TicketFactory()
    page = staff_client.get(QUEUE, {"view": "all"}).content.decode()
    badge = f'<span class="badge process">{templates["bauliche_veraenderung"].name_de}</span>'
    assert page.count('class="badge process"') == 1
    assert badge in page


def test_an_unknown_template_is_a_filter_error_not_a_500(staff_client, templates):
    response = staff_client.get(QUEUE, {"view": "all", "process": "999999"})
    assert response.status_code == 400


def test_query_count_with_the_filter_and_badges_is_the_same_for_1_and_50_rows(
    staff_client, case_worker, templates, django_assert_num_queries, monkeypatch
):
    shared = {"item": CatalogItemFactory(), "property": PropertyFactory(), "reporter": PartyFactory()}
    template = templates["kuendigung"]

    def make(n):
        tickets = create_in_bulk(TicketFactory, n, assignee=case_worker, unit=None, **shared)
        Process.objects.bulk_create(Process(ticket=t, template=template) for t in tickets)

    monkeypatch.setattr(tab_counts, "SECONDS", 0)
    params = {"view": "mine", "process": template.pk}
    make(1)
    staff_client.get(QUEUE, params)  # warm the session and the choice lists
    with django_assert_num_queries(7) as one:
        staff_client.get(QUEUE, params)
    make(49)
    with django_assert_num_queries(len(one.captured_queries)):
        response = staff_client.get(QUEUE, params)
    assert len(response.context["rows"]) == 50
    assert all(row.process_label == template.name_de for row in response.context["rows"])
