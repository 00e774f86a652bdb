"""The pages of a Kündigung: the tenant's form and page, the co-tenant's consent by link, the staff's
page. Bad input gets a clear German message and a 4xx; another tenant gets 404."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from notifications.models import OutboxMessage
from processes import notice, notice_consent
from processes.models import Process, Signature
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def earliest():
    return notice.earliest_end(timezone.localdate(), state="BE")


def _post(client, move_out, **extra):
    data = {
        "move_out_date": move_out.isoformat(),
        "reason": "umzug",
        "street": "Neue Straße 5",
        "postcode": "10115",
        "city": "Berlin",
        **extra,
    }
    return client.post(reverse("portal:notice"), data)


def _give(tenant, earliest):
    return notice.notice_give(
        tenant=tenant,
        actor=Actor.for_party(tenant),
        move_out_date=earliest,
        reason="umzug",
        forwarding={"street": "Neue Straße 5", "postcode": "10115", "city": "Berlin"},
    )


def test_the_form_shows_the_earliest_lawful_date(client, templates, tenant, earliest):
    client.force_login(tenant.user)
    response = client.get(reverse("portal:notice"))
    assert response.status_code == 200
    assert f"frühestens zum <strong>{earliest.day}." in response.text


def test_a_date_before_the_lawful_one_is_explained_and_refused(client, templates, tenant, earliest):
    client.force_login(tenant.user)
    response = _post(client, earliest - dt.timedelta(days=1))
    assert response.status_code == 400
    assert "frühestens zum" in response.text
    assert "vorzeitige Entlassung" in response.text
    assert not Process.objects.exists()


def test_the_date_check_answers_as_the_tenant_picks(client, templates, tenant, earliest):
    client.force_login(tenant.user)
    url = reverse("portal:notice_check")
    early = client.get(url, {"move_out_date": (earliest - dt.timedelta(days=3)).isoformat()})
    fine = client.get(url, {"move_out_date": earliest.isoformat()})
    assert "Zu früh" in early.text
    assert "Das ist möglich" in fine.text and "Zu früh" not in fine.text


def test_an_earlier_end_by_agreement_is_taken(client, templates, tenant, earliest):
    client.force_login(tenant.user)
    response = _post(client, earliest - dt.timedelta(days=5), early_release="on")
    process = Process.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:notice_status", args=[process.ticket.reference])
    assert process.data["early_release"] is True


def test_missing_answers_are_named(client, templates, tenant, earliest):
    client.force_login(tenant.user)
    response = client.post(reverse("portal:notice"), {"move_out_date": "kein Datum"})
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in response.text
    assert not Process.objects.exists()


def test_the_tenant_sees_the_co_tenants_answer_and_another_tenant_sees_nothing(
    client, templates, tenant, co_tenant, other_tenant, earliest
):
    client.force_login(tenant.user)
    _post(client, earliest)
    process = Process.objects.get()
    url = reverse("portal:notice_status", args=[process.ticket.reference])
    page = client.get(url)
    assert "Ben Mustermann" in page.text and "noch offen" in page.text

    notice_consent.consent_answer(process, co_tenant, agreed=True, language="de")
    assert "zugestimmt" in client.get(url).text
    # A second notice for the flat: the form leads to the running one.
    assert client.get(reverse("portal:notice"))["Location"] == url

    client.force_login(other_tenant.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("portal:notice_letter", args=[process.ticket.reference])).status_code == 404


def test_the_co_tenant_agrees_by_the_link_from_the_mail(client, templates, tenant, co_tenant, earliest):
    _give(tenant, earliest)
    mail = OutboxMessage.objects.get(kind="notice_consent")
    path = re.search(r"https?://[^/]+(/portal/zustimmung/[^\s]+/)", mail.body_text).group(1)

    page = client.get(path)
    assert page.status_code == 200
    assert "Alle Mieter des Vertrags kündigen gemeinsam: Erika Mustermann, Ben Mustermann" in page.text
    assert not Signature.objects.exists()  # a scanner's GET signs nothing

    response = client.post(
        path, {"answer": "agreed"}, HTTP_USER_AGENT="Testbrowser", REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert (signature.party, signature.ip_address, signature.user_agent) == (
        co_tenant,
        "198.51.100.4",
        "Testbrowser",
    )
    assert "Ihre Zustimmung ist gespeichert" in client.get(path).text
    # Twice is refused with a message, not a second signature.
    again = client.post(path, {"answer": "refused"})
    assert again.status_code == 409
    assert Signature.objects.count() == 1


def test_a_bad_or_empty_answer_is_refused(client, templates, tenant, co_tenant, earliest):
    process = _give(tenant, earliest)
    path = reverse("portal:notice_consent", args=[notice_consent.consent_token(process, co_tenant)])
    assert client.post(path, {"answer": "vielleicht"}).status_code == 400
    bad = client.get(reverse("portal:notice_consent", args=["kaputt"]))
    assert bad.status_code == 404
    assert "Dieser Link ist ungültig" in bad.text


def test_staff_enter_a_notice_by_letter_with_its_date_of_receipt(client, templates, tenant, case_worker):
    client.force_login(case_worker)
    url = reverse("backoffice:notice_start", args=[tenant.pk])
    assert client.get(url).status_code == 200
    data = {"received_on": "2026-05-06", "move_out_date": "2026-07-15", "reason": "tod"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "frühestens zum 31. Juli 2026" in refused.text
    response = client.post(url, {**data, "move_out_date": "2026-07-31"})
    process = Process.objects.get()
    assert response.status_code == 302
    assert process.ticket.channel == "letter"
    assert process.data["received_on"] == "2026-05-06"
    assert process.current_step.code == "confirmation"


def test_staff_confirm_on_their_page_and_a_stale_page_is_refused(
    client, templates, tenant, case_worker, earliest
):
    process = _give(tenant, earliest)
    client.force_login(case_worker)
    page_url = reverse("backoffice:notice", args=[process.ticket.reference])
    page = client.get(page_url)
    assert "Bestätigen und Kündigungsbestätigung senden" in page.text
    confirm = reverse("backoffice:notice_confirm", args=[process.ticket.reference])

    stale = client.post(confirm, {"version": process.version - 1})
    assert stale.status_code == 409
    assert client.post(confirm, {"version": process.version}).status_code == 302
    assert OutboxMessage.objects.filter(kind="notice_confirmation", recipient_party=tenant).exists()

    process.refresh_from_db()
    assert process.current_step.code == "pre_inspection_appointment"


def test_a_refusal_needs_its_reason(client, templates, tenant, case_worker, earliest):
    process = _give(tenant, earliest)
    client.force_login(case_worker)
    url = reverse("backoffice:notice_refuse", args=[process.ticket.reference])
    response = client.post(url, {"version": process.version, "reason": ""})
    assert response.status_code == 400
    assert "Bitte geben Sie eine Begründung an" in response.text


def test_a_tenant_cannot_open_the_staff_page(client, templates, tenant, earliest):
    process = _give(tenant, earliest)
    client.force_login(tenant.user)
    assert client.get(reverse("backoffice:notice", args=[process.ticket.reference])).status_code == 404


def test_the_kuendigung_item_of_the_report_wizard_leads_to_the_form(client, templates, tenant):
    client.force_login(tenant.user)
    item = templates["kuendigung"].catalog_item
    from portal.places import report_places

    place = report_places(tenant)[0]
    response = client.get(
        reverse("portal:report"),
        {"place": place.key, "category": item.group.category_id, "group": item.group_id, "item": item.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:notice")


def test_staff_may_refuse_an_early_release_and_confirm_the_lawful_date(
    client, templates, tenant, case_worker, earliest
):
    process = notice.notice_give(
        tenant=tenant,
        actor=Actor.for_party(tenant),
        move_out_date=earliest - dt.timedelta(days=20),
        reason="umzug",
        forwarding={"street": "Neue Straße 5", "postcode": "10115", "city": "Berlin"},
        early_release=True,
    )
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:notice", args=[process.ticket.reference]))
    assert "Vorzeitige Entlassung zum" in page.text
    confirm = reverse("backoffice:notice_confirm", args=[process.ticket.reference])
    assert client.post(confirm, {"version": process.version, "end": "lawful"}).status_code == 302

    process.refresh_from_db()
    assert process.data["move_out_date"] == earliest.isoformat()
    assert process.data["early_release"] is False
    letter = OutboxMessage.objects.get(kind="notice_confirmation", recipient_party=tenant)
    assert f"Mietende: {formats.date_format(earliest, 'DATE_FORMAT')}" in letter.body_text
    from notifications.process_mail.tenancy import confirmation_letter

    spec = confirmation_letter(process, tenant)
    assert spec.context["early_release_refused"] is True


def test_staff_record_the_settlement_on_their_page(client, templates, tenant, case_worker, earliest):
    from processes import engine

    process = _give(tenant, earliest)
    notice.notice_confirm(process, actor=Actor.for_user(case_worker))
    for code in (
        "pre_inspection_appointment",
        "pre_inspection",
        "final_inspection_appointment",
        "final_inspection",
    ):
        engine.complete(process, code, actor=Actor.for_user(case_worker))
    engine.complete(process, "wait_move_out", actor=Actor.system())
    process.refresh_from_db()
    client.force_login(case_worker)
    url = reverse("backoffice:notice_settlement", args=[process.ticket.reference])

    missing = client.post(url, {"version": process.version, "deposit": "partial", "amount": ""})
    assert missing.status_code == 400
    assert "Bitte nennen Sie den Betrag" in missing.text
    assert client.post(url, {"version": process.version, "deposit": "refund"}).status_code == 302
    process.refresh_from_db()
    assert process.state == Process.State.DONE
    letter = OutboxMessage.objects.get(kind="notice_settlement", channel="letter")
    assert letter.letter["recipient"][1:] == ["Neue Straße 5", "10115 Berlin"]
    pdf = client.get(reverse("backoffice:notice_letter", args=[process.ticket.reference, "abrechnung"]))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")


def test_an_expired_link_says_so(client, templates, tenant, co_tenant, earliest, monkeypatch):
    process = _give(tenant, earliest)
    path = reverse("portal:notice_consent", args=[notice_consent.consent_token(process, co_tenant)])
    monkeypatch.setattr(notice_consent, "LINK_MAX_AGE", dt.timedelta(seconds=-1))
    response = client.get(path)
    assert response.status_code == 404
    assert "Dieser Link ist abgelaufen" in response.text


def test_the_tenants_process_page_says_whose_turn_it_is(client, templates, tenant, co_tenant, earliest):
    process = _give(tenant, earliest)
    client.force_login(tenant.user)
    text = client.get(reverse("portal:process", args=[process.ticket.reference])).content.decode()
    assert f"Wartet auf: {co_tenant.display_name}" in text and "Bei uns in Bearbeitung" not in text
    client.force_login(co_tenant.user)
    text = client.get(reverse("portal:process", args=[process.ticket.reference])).content.decode()
    assert "Sie sind an der Reihe." in text
