"""The Django admin shows a ticket's workflow fields but cannot change them: every such change goes through
the back-office, with a version, a timeline row and the e-mails that follow."""

import pytest
from django.urls import reverse

from tests.factories import (
    ContractorFactory,
    PartyFactory,
    StaffFactory,
    TeamFactory,
    TicketEventFactory,
    TicketFactory,
    UserFactory,
)
from tickets.models import TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def form_data(response) -> dict:
    """What the change form posts back unchanged: the ticket's fields and each inline's management form."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        for subform in inline.formset.forms:
            data.update({subform.add_prefix(name): subform[name].value() or "" for name in subform.fields})
    return data


def test_change_form_opens_with_the_timeline(admin_client):
    ticket = TicketFactory()
    TicketEventFactory(ticket=ticket, kind=TicketEvent.Kind.CREATED)
    response = admin_client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk]))
    assert response.status_code == 200
    assert "priority" not in response.context["adminform"].form.fields
    assert response.context["inline_admin_formsets"]


def test_a_post_to_the_change_form_cannot_change_the_workflow_fields(admin_client):
    ticket = TicketFactory(status="open", priority="normal")
    before = {f.attname: getattr(ticket, f.attname) for f in ticket._meta.concrete_fields}
    events = TicketEvent.objects.filter(ticket=ticket).count()
    url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    data = form_data(admin_client.get(url))
    data.update(
        reference="2026-999999",
        status="done",
        status_reason="erledigt",
        priority="emergency",
        due_at_0="2030-01-01",
        due_at_1="12:00:00",
        respond_by_0="2030-01-01",
        respond_by_1="12:00:00",
        is_overdue="on",
        team=TeamFactory().pk,
        assignee=StaffFactory().pk,
        contractor=ContractorFactory().pk,
        caretaker=PartyFactory().pk,
        visibility="public",
        restricted_to=StaffFactory().pk,
        duplicate_of=TicketFactory().pk,
        version=99,
        closed_at_0="2030-01-01",
        closed_at_1="12:00:00",
        description="Korrigierte Beschreibung",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    ticket.refresh_from_db()
    assert ticket.description == "Korrigierte Beschreibung"  # the form was saved ...
    after = {f.attname: getattr(ticket, f.attname) for f in ticket._meta.concrete_fields}
    changed = {name for name in after if after[name] != before[name]}
    assert changed <= {"description", "updated_at", "search_vector"}  # ... and nothing else moved
    assert TicketEvent.objects.filter(ticket=ticket).count() == events
