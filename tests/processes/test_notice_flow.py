"""A Kündigung from the tenant's notice to the settlement letter: the parties, the co-tenants' links and
signatures, the staff's confirmation and its letter, the reminder when the move-out day has come."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from notifications.letters.outbox import spec_for
from notifications.models import OutboxMessage
from processes import engine, notice, notice_consent, signatures
from processes.errors import ProcessError, StepNotAllowed
from processes.models import Process, ProcessStep, Signature
from tickets.actors import Actor
from tickets.models import TicketEvent

pytestmark = pytest.mark.django_db

FORWARDING = {"street": "Neue Straße 5", "postcode": "10115", "city": "Berlin"}


def _give(tenant, *, move_out=None, actor=None, **extra):
    received = timezone.localdate()
    move_out = move_out or notice.earliest_end(received, state="BE")
    return notice.notice_give(
        tenant=tenant,
        actor=actor or Actor.for_party(tenant),
        move_out_date=move_out,
        reason=notice.Reason.MOVING,
        forwarding=FORWARDING,
        **extra,
    )


def _step(process) -> str:
    process.refresh_from_db()
    return process.current_step.code if process.current_step else ""


def test_giving_notice_names_the_contracts_tenants_and_asks_the_co_tenant(templates, tenant, co_tenant):
    process = _give(tenant)

    roles = set(process.parties.values_list("role", "party_id"))
    assert roles == {("tenant", tenant.pk), ("co_tenant", co_tenant.pk)}
    assert _step(process) == "co_tenant_consent"
    assert process.data["move_out_date"] == notice.earliest_end(timezone.localdate(), state="BE").isoformat()
    mail = OutboxMessage.objects.get(kind="notice_consent")
    assert mail.recipient_party == co_tenant
    assert "Erika Mustermann" in mail.body_text
    token = re.search(r"/portal/zustimmung/([^/\s]+)/", mail.body_text).group(1)
    assert notice_consent.consent_for_token(token) == (process, co_tenant)


def test_a_tenant_alone_goes_straight_to_the_staffs_confirmation(templates, tenant):
    process = _give(tenant)

    assert _step(process) == "confirmation"
    consent = process.steps.get(template__code="co_tenant_consent")
    assert consent.state == ProcessStep.State.SKIPPED
    assert not OutboxMessage.objects.filter(kind="notice_consent").exists()


def test_a_date_before_the_lawful_one_stores_nothing(templates, tenant):
    early = notice.earliest_end(timezone.localdate(), state="BE") - dt.timedelta(days=1)
    with pytest.raises(notice.NoticeTooEarly):
        _give(tenant, move_out=early)
    assert not Process.objects.exists()


def test_an_earlier_end_by_agreement_is_kept_for_the_staff(templates, tenant):
    early = notice.earliest_end(timezone.localdate(), state="BE") - dt.timedelta(days=10)
    process = _give(tenant, move_out=early, early_release=True)
    assert process.data["early_release"] is True
    assert "vorzeitige Entlassung" in process.data["notice_texts"]["de"]
    assert "early release" in process.data["notice_texts"]["en"]


def test_a_second_notice_for_the_same_flat_is_refused(templates, tenant, co_tenant):
    _give(tenant)
    with pytest.raises(notice.NoticeExists):
        _give(co_tenant)


def test_the_co_tenants_consent_is_a_signature_of_the_text_shown(templates, tenant, co_tenant):
    co_tenant.language = "en"
    co_tenant.save()
    process = _give(tenant)

    notice_consent.consent_answer(
        process, co_tenant, agreed=True, language="en", ip_address="192.0.2.7", user_agent="Firefox"
    )

    signature = Signature.objects.get()
    text = process.data["notice_texts"]["en"]
    assert signatures.verify(signature, text.encode())
    assert not signatures.verify(signature, process.data["notice_texts"]["de"].encode())
    assert (signature.party, signature.ip_address, signature.user_agent) == (
        co_tenant,
        "192.0.2.7",
        "Firefox",
    )
    assert _step(process) == "confirmation"
    rows = notice_consent.consent_rows(process)
    assert [(r.party, r.answer, r.signature) for r in rows] == [(co_tenant, "agreed", signature)]


def test_a_refusal_ends_the_consent_and_staff_decide(templates, tenant, co_tenant):
    process = _give(tenant)
    notice_consent.consent_answer(process, co_tenant, agreed=False, language="de")

    assert _step(process) == "confirmation"
    assert process.steps.get(template__code="co_tenant_consent").outcome == "refused"
    assert not Signature.objects.exists()
    with pytest.raises(ProcessError):
        notice_consent.consent_answer(process, co_tenant, agreed=True, language="de")


def test_a_tampered_or_foreign_link_is_refused(templates, tenant, co_tenant):
    process = _give(tenant)
    token = notice_consent.consent_token(process, co_tenant)
    with pytest.raises(notice_consent.LinkInvalid):
        notice_consent.consent_for_token(token[:-2] + "xx")
    with pytest.raises(notice_consent.LinkInvalid):
        notice_consent.consent_for_token(notice_consent.consent_token(process, tenant))


def test_the_tenant_cannot_confirm_their_own_notice(templates, tenant):
    process = _give(tenant)
    with pytest.raises(StepNotAllowed):
        notice.notice_confirm(process, actor=Actor.for_party(tenant))


def test_staff_confirm_and_the_letter_goes_out_by_mail_or_post(templates, tenant, co_tenant, case_worker):
    co_tenant.prefers_letters = True
    co_tenant.save()
    process = _give(tenant)
    notice_consent.consent_answer(process, co_tenant, agreed=True, language="de")

    notice.notice_confirm(process, actor=Actor.for_user(case_worker))

    assert _step(process) == "pre_inspection_appointment"
    mail = OutboxMessage.objects.get(kind="notice_confirmation", channel="email")
    assert mail.recipient_party == tenant
    assert "wir bestätigen Ihre Kündigung" in mail.body_text
    assert "Vorabnahme" in mail.body_text and "Schlüssel" in mail.body_text
    letter = OutboxMessage.objects.get(kind="notice_confirmation", channel="letter")
    assert letter.recipient_party == co_tenant
    spec = spec_for(letter)
    assert spec.template == "letters/notice_confirmation.html"
    assert spec.context["move_out"] in mail.body_text


def test_staff_refuse_with_a_reason_and_the_tenants_hear_it(templates, tenant, case_worker):
    process = _give(tenant)
    with pytest.raises(ProcessError):
        notice.notice_refuse(process, actor=Actor.for_user(case_worker), reason=" ")
    notice.notice_refuse(process, actor=Actor.for_user(case_worker), reason="Unterschrift fehlt")

    process.refresh_from_db()
    assert process.state == Process.State.DONE
    mail = OutboxMessage.objects.get(kind="notice_refused")
    assert "Unterschrift fehlt" in mail.body_text


def _through_the_inspections(process, staff):
    actor = Actor.for_user(staff)
    for code in (
        "pre_inspection_appointment",
        "pre_inspection",
        "final_inspection_appointment",
        "final_inspection",
    ):
        engine.complete(process, code, actor=actor)


def test_after_the_move_out_day_the_case_worker_is_reminded_and_the_settlement_is_posted(
    templates, tenant, case_worker
):
    process = _give(tenant)
    process.ticket.assignee = case_worker
    process.ticket.save()
    notice.notice_confirm(process, actor=Actor.for_user(case_worker))
    _through_the_inspections(process, case_worker)
    assert _step(process) == "wait_move_out"

    move_out = dt.date.fromisoformat(process.data["move_out_date"])
    assert engine.wake_due_waits(now=timezone.now()) == 0
    after = timezone.make_aware(dt.datetime.combine(move_out + dt.timedelta(days=3), dt.time(12)))
    assert engine.wake_due_waits(now=after) == 1

    assert _step(process) == "settlement"
    reminder = OutboxMessage.objects.get(kind="notice_settlement_due")
    assert reminder.recipient_address == case_worker.email
    assert "Schlussabrechnung" in reminder.subject

    with pytest.raises(ProcessError):
        notice.settlement_record(process, actor=Actor.for_user(case_worker), deposit="partial")
    notice.settlement_record(
        process,
        actor=Actor.for_user(case_worker),
        deposit="partial",
        amount="420,00",
        note="Malerarbeiten Flur",
    )

    process.refresh_from_db()
    assert process.state == Process.State.DONE
    letter = OutboxMessage.objects.get(kind="notice_settlement", channel="letter")
    spec = spec_for(letter)
    assert spec.recipient[1:] == ("Neue Straße 5", "10115 Berlin")
    assert spec.context["amount"] == "420,00"
    assert OutboxMessage.objects.filter(
        kind="notice_settlement", channel="email", recipient_party=tenant
    ).exists()


def test_every_step_is_a_timeline_row_the_tenant_reads(templates, tenant, case_worker):
    process = _give(tenant)
    notice.notice_confirm(process, actor=Actor.for_user(case_worker))
    public = TicketEvent.objects.filter(ticket=process.ticket, kind="process", is_public=True)
    steps = set(public.values_list("data__step", flat=True))
    assert {"notice_form", "confirmation", "confirmation_letter"} <= steps


def test_without_an_assignee_the_team_lead_is_reminded(templates, tenant, case_worker):
    from tests.factories import StaffFactory, TeamFactory

    lead = StaffFactory(first_name="Lea", last_name="Leitung", email="lea@example.org")
    process = _give(tenant)
    process.ticket.assignee = None
    process.ticket.team = TeamFactory(lead=lead)
    process.ticket.save()
    notice.notice_confirm(process, actor=Actor.for_user(case_worker))
    _through_the_inspections(process, case_worker)
    engine.complete(process, "wait_move_out", actor=Actor.system())

    assert OutboxMessage.objects.get(kind="notice_settlement_due").recipient_address == "lea@example.org"


def test_the_co_tenant_sees_the_notice_in_their_own_portal(client, templates, tenant, co_tenant):
    from django.urls import reverse

    process = _give(tenant)
    client.force_login(co_tenant.user)
    page = client.get(reverse("portal:notice_status", args=[process.ticket.reference]))
    assert page.status_code == 200
    assert "Ben Mustermann" in page.text
