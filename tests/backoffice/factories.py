"""Factories for what case workers keep around their tickets (text blocks, files, views, appointments)."""

import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import ContractorFactory, StaffFactory, TicketFactory
from tickets.models import WorkOrder
from tickets.workspace import Appointment, SavedView, StandardAttachment, TextBlock


class TextBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TextBlock

    code = factory.Sequence(lambda n: f"baustein-{n}")
    title = factory.Sequence(lambda n: f"Baustein {n}")
    body_de = "{salutation},\n\nvielen Dank für Ihre Meldung {reference}."


class StandardAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardAttachment

    title = "Hausordnung"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 Hausordnung", name="hausordnung.pdf"))


class SavedViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedView

    user = factory.SubFactory(StaffFactory)
    name = factory.Sequence(lambda n: f"Ansicht {n}")
    query = "view=all&priority=high"


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    ticket = factory.SubFactory(TicketFactory)
    title = "Begehung"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=2))
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + dt.timedelta(hours=1))
    user = factory.SubFactory(StaffFactory)


class WorkOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrder

    ticket = factory.SubFactory(TicketFactory)
    contractor = factory.SubFactory(ContractorFactory)
