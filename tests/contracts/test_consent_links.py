"""A consent link sent again: staff send a co-tenant who has not answered a new link (the old one then
answers 410 with a German message and stores nothing), and whoever has not answered five days after their
link is reminded once by the beat's task, with a link that works; each sending is a row in the timeline."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contracts import consent_links
from contracts.models import ContractChange
from contracts.tasks import remind_consents
from estate.models import Party
from notifications.models import OutboxMessage
from processes.models import ProcessStep, Signature
from tests.factories import PartyFactory
from tickets.models import TicketEvent

from .conftest import client_for, consent_link, in_days

pytestmark = pytest.mark.django_db


def _move_in(tenant):
    answer = client_for(tenant.user).post(
        reverse("portal:contract_move_in"),
        {
            "relation": "spouse",
            "salutation": "Frau",
            "first_name": "Clara",
            "last_name": "Neu",
            "email": "clara@example.org",
            "effective_date": in_days(14).isoformat(),
        },
    )
    assert answer.status_code == 302
    return ContractChange.objects.get()


def _resend(case_worker, change, party):
    return client_for(case_worker).post(
        reverse("backoffice:contract_change_resend", args=[change.pk, party.pk])
    )


def _mails(party):
    return OutboxMessage.objects.filter(kind="contract_consent", recipient_party=party).order_by("pk")


def test_staff_send_a_new_link_and_the_old_one_stops_working(tenant, co_tenant, case_worker):
    change = _move_in(tenant)
    old_link = consent_link(co_tenant)
    page = client_for(case_worker).get(reverse("backoffice:contract_change", args=[change.pk])).text
    assert page.count("Neuen Link senden") == 2  # Ben and Clara; Erika agreed by asking

    staff = client_for(case_worker)
    answer = staff.post(reverse("backoffice:contract_change_resend", args=[change.pk, co_tenant.pk]))
    assert answer.status_code == 302
    after = staff.get(answer["Location"]).text
    assert "Ben Mustermann erhält einen neuen Link zur Zustimmung; der bisherige gilt nicht mehr." in after
    mails = _mails(co_tenant)
    assert mails.count() == 2
    assert (
        "Dies ist ein neuer Link. Der Link aus unserer früheren E-Mail gilt nicht mehr." in mails[1].body_text
    )
    new_link = consent_link(co_tenant)
    assert new_link != old_link

    refused = Client().get(old_link)
    assert refused.status_code == 410 and "durch einen neueren ersetzt" in refused.text
    assert Client().post(old_link, {"answer": "agreed"}).status_code == 410
    assert not Signature.objects.filter(party=co_tenant).exists()

    assert Client().post(new_link, {"answer": "agreed"}).status_code == 302
    assert Signature.objects.filter(party=co_tenant, process=change.process).count() == 1

    event = TicketEvent.objects.get(ticket=change.process.ticket, data__action="consent_link_sent")
    assert event.data["who"] == "Ben Mustermann" and event.actor == case_worker
    ticket_page = client_for(case_worker).get(reverse("backoffice:ticket", args=[change.reference])).text
    assert "Neuer Link zur Zustimmung gesendet an Ben Mustermann" in ticket_page
    # Ben has answered: only Clara may still get a new link.
    page = client_for(case_worker).get(reverse("backoffice:contract_change", args=[change.pk])).text
    assert page.count("Neuen Link senden") == 1


def test_no_new_link_for_one_who_answered_or_was_not_asked(tenant, co_tenant, case_worker):
    change = _move_in(tenant)
    Client().post(consent_link(co_tenant), {"answer": "agreed"})
    answered = _resend(case_worker, change, co_tenant)
    assert answered.status_code == 409 and "hat bereits geantwortet" in answered.text
    stranger = PartyFactory(first_name="Fremd", last_name="Person")
    not_asked = _resend(case_worker, change, stranger)
    assert not_asked.status_code == 409 and "nicht um Zustimmung gebeten" in not_asked.text
    assert _mails(co_tenant).count() == 1 and not _mails(stranger).exists()
    assert not TicketEvent.objects.filter(data__action="consent_link_sent").exists()
    ContractChange.objects.filter(pk=change.pk).update(consent_links={})
    change.refresh_from_db()
    assert change.consent_links == {}


def test_a_resend_needs_a_post():
    assert Client().get("/backoffice/vertragsaenderungen/1/zustimmung/1/neuer-link/").status_code in (
        302,
        405,
    )


def test_who_has_not_answered_is_reminded_once_after_five_days(tenant, co_tenant, case_worker):
    change = _move_in(tenant)
    first_link = consent_link(co_tenant)
    clara = Party.objects.get(email="clara@example.org")
    Client().post(consent_link(clara), {"answer": "agreed"})
    step = ProcessStep.objects.get(process=change.process, template__code="co_tenant_consent")

    ProcessStep.objects.filter(pk=step.pk).update(started_at=timezone.now() - dt.timedelta(days=4))
    assert remind_consents() == 0
    ProcessStep.objects.filter(pk=step.pk).update(started_at=timezone.now() - dt.timedelta(days=6))
    assert remind_consents() == 1  # Ben; Clara has answered
    assert remind_consents() == 0  # once
    assert consent_links.reminders_send(timezone.now() + dt.timedelta(days=20)) == 0

    reminder = _mails(co_tenant).last()
    assert reminder.subject.endswith("Erinnerung: Bitte stimmen Sie der Änderung des Mietvertrags zu")
    assert (
        "wir haben von Ihnen noch keine Antwort zur Änderung des Mietvertrags erhalten." in reminder.body_text
    )
    assert not _mails(clara).filter(subject__contains="Erinnerung").exists()
    row = TicketEvent.objects.get(ticket=change.process.ticket, data__action="consent_reminded")
    assert row.data["who"] == "Ben Mustermann" and row.is_public
    ticket_page = client_for(tenant.user).get(reverse("portal:ticket", args=[change.reference])).text
    assert "Erinnerung zur Zustimmung gesendet an Ben Mustermann" in ticket_page
    staff = client_for(case_worker).get(reverse("backoffice:contract_change", args=[change.pk])).text
    sent = timezone.localtime(timezone.now() - dt.timedelta(days=6))
    assert (
        f"Link gesendet am {sent:%d.%m.%Y}" in staff
        and f"erinnert am {timezone.localdate():%d.%m.%Y}" in staff
    )
    # The reminder's link and the first one both open: a reminder replaces nothing.
    assert Client().get(first_link).status_code == 200
    assert Client().post(consent_link(co_tenant), {"answer": "agreed"}).status_code == 302
    assert Signature.objects.filter(party=co_tenant).count() == 1


def test_a_new_link_is_reminded_five_days_after_it_went_out(tenant, co_tenant, case_worker):
    change = _move_in(tenant)
    ProcessStep.objects.filter(process=change.process, template__code="co_tenant_consent").update(
        started_at=timezone.now() - dt.timedelta(days=10)
    )
    _resend(case_worker, change, co_tenant)
    assert consent_links.reminders_send() == 1  # Clara; Ben's link is new
    assert consent_links.reminders_send(timezone.now() + dt.timedelta(days=6)) == 1  # Ben


def test_the_reminder_runs_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["consent-reminders"]
    assert entry["task"] == remind_consents.name == "contracts.remind_consents"


def test_the_tenant_reads_a_consent_by_link_as_a_residents_not_a_contractors(tenant, co_tenant):
    """Clara has no login: her answer by link is a resident's row in Erika's timeline."""
    change = _move_in(tenant)
    clara = Party.objects.get(email="clara@example.org")
    assert clara.user is None
    assert Client().post(consent_link(clara), {"answer": "agreed"}).status_code == 302
    page = client_for(tenant.user).get(reverse("portal:ticket", args=[change.reference])).text
    assert "Antwort zum Schritt: Zustimmung aller Beteiligten" in page
    assert "Handwerksbetrieb" not in page


def test_once_everyone_agreed_the_change_waits_only_for_the_approval(tenant, co_tenant, case_worker):
    change = _move_in(tenant)
    overview = reverse("portal:contract_changes")
    assert "wartet auf Zustimmung und Freigabe" in client_for(tenant.user).get(overview).text
    for party in (co_tenant, Party.objects.get(email="clara@example.org")):
        assert Client().post(consent_link(party), {"answer": "agreed"}).status_code == 302
    page = client_for(tenant.user).get(overview).text
    assert "wartet auf Freigabe" in page and "wartet auf Zustimmung" not in page
    staff = client_for(case_worker).get(reverse("backoffice:contract_change", args=[change.pk])).text
    assert '<strong id="change-state">wartet auf Freigabe</strong>' in staff
