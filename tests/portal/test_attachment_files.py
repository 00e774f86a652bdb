"""A PDF on a ticket is offered as a file to open, never as a (broken) picture."""

import pytest
from django.urls import reverse

from tests.backoffice.factories import StandardAttachmentFactory
from tests.factories import TicketFactory
from tickets import replies
from tickets.actors import Actor
from tickets.models import Message

pytestmark = pytest.mark.django_db


def test_a_pdf_is_a_link_not_an_image(tenant_client, tenant, case_worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ticket = TicketFactory(reporter=tenant)
    replies.reply_add(
        ticket=ticket,
        actor=Actor.for_user(case_worker),
        kind=Message.Kind.PUBLIC,
        body="Anbei die Hausordnung.",
        standard_attachments=[StandardAttachmentFactory()],
    )
    copy = ticket.attachments.get()
    page = tenant_client.get(reverse("portal:ticket", args=[ticket.reference])).content.decode()
    link = reverse("portal:attachment", args=[copy.pk])
    assert f'<a class="p-file" href="{link}">hausordnung.pdf</a>' in page
    assert reverse("portal:attachment_thumb", args=[copy.pk]) not in page
