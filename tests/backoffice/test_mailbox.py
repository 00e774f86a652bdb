"""Postfach: mail waiting to be filed; into a ticket by its number, into a new ticket, or set aside."""

import pytest
from django.urls import reverse

from notifications.models import InboundMail
from tests.factories import TicketFactory
from tickets.models import Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
_count = iter(range(10_000))


def _mail(**fields) -> InboundMail:
    n = next(_count)
    values = {
        "message_id": f"<m{n}@example.org>",
        "from_address": "nachbar@example.org",
        "subject": "Müll im Hof",
        "body_text": "Seit Tagen liegt <b>Sperrmüll</b> im Hof.",
    }
    return InboundMail.objects.create(**{**values, **fields})


def test_list_shows_sender_subject_and_an_escaped_preview(staff_client):
    _mail()
    page = staff_client.get(reverse("backoffice:mailbox")).content.decode()
    assert "nachbar@example.org" in page and "Müll im Hof" in page
    assert "&lt;b&gt;Sperrmüll&lt;/b&gt;" in page and "<b>Sperrmüll</b>" not in page


@pytest.mark.parametrize("rows", [1, 50])
def test_list_runs_a_fixed_number_of_queries(staff_client, rows, django_assert_num_queries):
    for _ in range(rows):
        _mail()
    # The mails, their read log and the folders each in one query, however many mails wait.
    with django_assert_num_queries(7):
        page = staff_client.get(reverse("backoffice:mailbox")).content.decode()
    assert page.count("nachbar@example.org") == rows


def _assert_mailbox_is_empty(staff_client):
    response = staff_client.get(reverse("backoffice:mailbox"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Das Postfach ist leer." in page
    assert "Müll im Hof" not in page


def test_filing_into_a_ticket_adds_the_mail_and_empties_the_list(staff_client, case_worker):
    ticket, mail = TicketFactory(), _mail()
    staff_client.post(reverse("backoffice:mailbox_file", args=[mail.pk]), {"reference": ticket.reference})
    mail.refresh_from_db()
    assert mail.ticket == ticket and mail.filed_by == case_worker
    message = ticket.messages.get()
    assert message.kind == Message.Kind.EMAIL_IN and "Sperrmüll" in message.body
    assert ticket.events.filter(kind=TicketEvent.Kind.LINKED, actor=case_worker).exists()
    _assert_mailbox_is_empty(staff_client)


def test_an_unknown_reference_files_nothing(staff_client):
    mail = _mail()
    response = staff_client.post(
        reverse("backoffice:mailbox_file", args=[mail.pk]), {"reference": "2026-999999"}
    )
    assert response.status_code == 302
    mail.refresh_from_db()
    assert mail.ticket is None and mail.filed_by is None


def test_no_action_needed_is_recorded_and_leaves_the_list(staff_client, case_worker):
    mail = _mail()
    staff_client.post(reverse("backoffice:mailbox_dismiss", args=[mail.pk]))
    mail.refresh_from_db()
    assert mail.filed_by == case_worker and mail.ticket is None
    _assert_mailbox_is_empty(staff_client)


def test_a_new_ticket_from_a_mail_is_prefilled_and_files_it(staff_client, unit, tenant):
    from tests.factories import CatalogItemFactory

    item = CatalogItemFactory()
    mail = _mail(party=tenant, from_address="erika@example.org")
    url = f"{reverse('backoffice:intake')}?mail={mail.pk}"
    page = staff_client.get(url).content.decode()
    assert "Sperrmüll" in page and "Erika Mustermann" in page
    response = staff_client.post(
        url, {"common_area": "courtyard", "item": item.pk, "description": mail.body_text, "channel": "email"}
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    mail.refresh_from_db()
    assert mail.ticket == ticket and ticket.reporter == tenant and ticket.channel == "email"


def test_a_filed_mail_cannot_be_filed_again(staff_client):
    mail = _mail()
    staff_client.post(reverse("backoffice:mailbox_dismiss", args=[mail.pk]))
    again = staff_client.post(reverse("backoffice:mailbox_file", args=[mail.pk]), {"reference": "x"})
    assert again.status_code == 404


def test_tenants_get_404(client, tenant):
    client.force_login(tenant.user)
    assert client.get(reverse("backoffice:mailbox")).status_code == 404
