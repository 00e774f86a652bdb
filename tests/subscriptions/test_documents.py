"""The Zusatzvereinbarung and the Kündigungsbestätigung land in the tenant's documents (Meine Dokumente),
once each, as the letter the tenant was sent; a refused booking keeps nothing."""

import pytest
from django.urls import reverse

from estate.models import Document
from subscriptions import booking
from tests.letters.pdftools import page_texts
from tickets.actors import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def _text(document: Document) -> str:
    with document.file.open("rb") as pdf:
        return " ".join(" ".join(page_texts(pdf.read())).split())


def test_agreement_and_cancellation_are_kept_in_my_documents(
    client, parking, space, tenant, case_worker, next_first, django_capture_on_commit_callbacks
):
    subscription = booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )
    assert not Document.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        booking.subscription_decide(subscription, actor=Actor.for_user(case_worker), confirm=True)
    [agreement] = Document.objects.filter(party=tenant)
    assert agreement.title == f"Zusatzvereinbarung Stellplatz in der Tiefgarage ({subscription.reference})"
    text = _text(agreement)
    assert "Zusatzvereinbarung zum Mietvertrag: Stellplatz in der Tiefgarage" in text
    assert "35,00 € monatlich" in text and "P1" in text

    end = booking.notice_earliest_end(subscription)
    subscription = booking.subscription_cancel(subscription, actor=Actor.for_party(tenant), ends_on=end)
    with django_capture_on_commit_callbacks(execute=True):
        booking.subscription_decide(subscription, actor=Actor.for_user(case_worker), confirm=True)
    notice_reference = subscription.cancel_process.ticket.reference
    cancellation = Document.objects.get(party=tenant, title__startswith="Kündigungsbestätigung")
    assert cancellation.title == f"Kündigungsbestätigung Stellplatz in der Tiefgarage ({notice_reference})"
    assert "Bestätigung Ihrer Kündigung: Stellplatz in der Tiefgarage" in _text(cancellation)

    client.force_login(tenant.user)
    page = client.get(reverse("portal:documents")).content.decode()
    assert agreement.title in page and cancellation.title in page
    download = client.get(reverse("portal:document", args=[cancellation.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_a_refused_booking_keeps_no_document(
    parking, space, tenant, case_worker, next_first, django_capture_on_commit_callbacks
):
    subscription = booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )
    with django_capture_on_commit_callbacks(execute=True):
        booking.subscription_decide(
            subscription, actor=Actor.for_user(case_worker), confirm=False, reason="Platz wird saniert."
        )
    assert not Document.objects.exists()
