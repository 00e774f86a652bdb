"""A co-tenant moves in or out, end to end through the pages: every tenant of the contract and the person
coming or going consent by their signed link, staff approve, the Nachtrag zum Mietvertrag (read back with
pdftotext) is kept with everyone's documents and mailed, and the tenancies follow. A link opened by the
wrong signed-in person, an expired or used link, a refused consent and a bad request store nothing."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from contracts.models import ContractChange
from estate.models import Document, Party, Tenancy
from notifications.models import OutboxMessage
from processes import notice_consent
from processes.models import Signature
from tests.letters.pdftools import ARTIFACTS, page_texts
from tickets.models import ChangeRequest

from .conftest import client_for, consent_link, in_days

pytestmark = pytest.mark.django_db


def _move_in(tenant, day=None):
    return client_for(tenant.user).post(
        reverse("portal:contract_move_in"),
        {
            "relation": "spouse",
            "first_name": "Clara",
            "last_name": "Neu",
            "email": "clara@example.org",
            "birth_date": "1990-05-17",
            "effective_date": (day or in_days(14)).isoformat(),
        },
    )


def _consent(party, answer="agreed"):
    link = consent_link(party)
    return Client().post(link, {"answer": answer}), link


def _approve(case_worker, change):
    change.process.refresh_from_db()
    return client_for(case_worker).post(
        reverse("backoffice:contract_change_approve", args=[change.pk]), {"version": change.process.version}
    )


@pytest.mark.pdf
def test_spouse_moves_in_with_everyones_consent_and_the_addendum(tenant, co_tenant, case_worker):
    assert _move_in(tenant).status_code == 302
    change = ContractChange.objects.get()
    clara = Party.objects.get(email="clara@example.org")
    assert change.kind == "move_in" and change.person == clara and change.birth_date == dt.date(1990, 5, 17)
    assert change.change_request.kind == ChangeRequest.Kind.CONTRACT
    # Erika agreed by asking; Ben and Clara are asked by mail.
    assert Signature.objects.filter(process=change.process, party=tenant, role="tenant").exists()
    assert OutboxMessage.objects.filter(kind="contract_consent").count() == 2
    for asked in OutboxMessage.objects.filter(kind="contract_consent"):
        assert (
            "alle Mieterinnen und Mieter des Vertrags und die einziehende Person zustimmen" in asked.body_text
        )

    link = consent_link(co_tenant)
    page = Client().get(link)
    assert page.status_code == 200
    assert "Aufnahme von Clara Neu" in page.text and "Ich stimme der Änderung zu" in page.text
    for party in (co_tenant, clara):
        answer, _link = _consent(party)
        assert answer.status_code == 302
    change.process.refresh_from_db()
    assert change.process.current_step.template.code == "approval"

    staff_page = client_for(case_worker).get(reverse("backoffice:contract_change", args=[change.pk])).text
    assert "Clara Neu" in staff_page and "zugestimmt" in staff_page and "Änderung freigeben" in staff_page
    assert _approve(case_worker, change).status_code == 302

    change.refresh_from_db()
    assert change.state == ContractChange.State.APPROVED
    tenancy = Tenancy.objects.get(party=clara)
    assert (
        tenancy.start == in_days(14) and tenancy.unit == change.unit and tenancy.contract_number == "MV-4711"
    )
    assert Tenancy.objects.current(on=in_days(14)).filter(party=clara).exists()
    assert not Tenancy.objects.current().filter(party=clara).exists()  # the portal follows from the date

    pdf = change.addendum.read()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "contract-addendum.pdf").write_bytes(pdf)
    text = " ".join(page_texts(pdf))
    assert "Nachtrag zum Mietvertrag" in text and "MV-4711" in text
    assert "Clara Neu" in text and in_days(14).strftime("%d.%m.%Y") in text
    for name in ("Erika Mustermann", "Ben Mustermann"):
        assert name in text
    assert text.count("zugestimmt") >= 1 and "Sachbearbeiterin" in text
    for party in (tenant, co_tenant, clara):
        assert Document.objects.filter(party=party, kind="vertragsnachtrag").count() == 1
        mail = OutboxMessage.objects.get(kind="contract_addendum", recipient_party=party)
        assert "Nachtrag zum Mietvertrag" in mail.subject
    assert change.change_request.__class__.objects.get().state == ChangeRequest.State.APPROVED

    documents = client_for(tenant.user).get(reverse("portal:documents")).text
    assert "Nachtrag zum Mietvertrag" in documents
    person = client_for(case_worker).get(reverse("backoffice:person", args=[co_tenant.pk])).text
    assert "Aufnahme eines Mitmieters: Clara Neu" in person


def test_a_link_opened_by_the_wrong_signed_in_person_is_403_and_stores_nothing(tenant, co_tenant):
    _move_in(tenant)
    link = consent_link(co_tenant)
    erika = client_for(tenant.user)
    page = erika.get(link)
    assert page.status_code == 403
    assert "Dieser Link ist nur für Ben Mustermann bestimmt" in page.text
    answer = erika.post(link, {"answer": "agreed"})
    assert answer.status_code == 403
    change = ContractChange.objects.get()
    assert not Signature.objects.filter(party=co_tenant).exists()
    assert notice_consent.answer_of(change.process, co_tenant) == ""


def test_the_right_person_signed_in_may_answer(tenant, co_tenant):
    _move_in(tenant)
    answer = client_for(co_tenant.user).post(consent_link(co_tenant), {"answer": "agreed"})
    assert answer.status_code == 302
    assert Signature.objects.filter(party=co_tenant).exists()


def test_an_expired_link_says_so(tenant, co_tenant, monkeypatch):
    _move_in(tenant)
    link = consent_link(co_tenant)
    monkeypatch.setattr(notice_consent, "LINK_MAX_AGE", dt.timedelta(seconds=-1))
    page = Client().get(link)
    assert page.status_code == 410
    assert "Dieser Link ist abgelaufen" in page.text
    assert Client().post(link, {"answer": "agreed"}).status_code == 410
    assert not Signature.objects.filter(party=co_tenant).exists()


def test_a_used_link_shows_the_answer_and_takes_no_second(tenant, co_tenant):
    _move_in(tenant)
    _answer, link = _consent(co_tenant)
    page = Client().get(link)
    assert page.status_code == 200 and "Ihre Zustimmung ist gespeichert" in page.text
    again = Client().post(link, {"answer": "refused"})
    assert again.status_code == 409 and "Sie haben bereits geantwortet" in again.text
    assert Signature.objects.filter(party=co_tenant).count() == 1


def test_a_tampered_link_is_404():
    assert Client().get(reverse("portal:contract_consent", args=["nichts"])).status_code == 404


def test_refused_consent_cannot_be_approved_and_leaves_the_contract_whole(tenant, co_tenant, case_worker):
    _move_in(tenant)
    _consent(co_tenant, "refused")
    change = ContractChange.objects.get()
    answer = _approve(case_worker, change)
    assert answer.status_code == 409 and "Nicht alle Beteiligten haben zugestimmt" in answer.text
    assert not Tenancy.objects.filter(party__email="clara@example.org").exists()
    change.process.refresh_from_db()
    refused = client_for(case_worker).post(
        reverse("backoffice:contract_change_reject", args=[change.pk]),
        {"version": change.process.version, "reason": "Ben Mustermann hat nicht zugestimmt."},
    )
    assert refused.status_code == 302
    assert ContractChange.objects.get().state == ContractChange.State.REJECTED
    assert not Tenancy.objects.filter(party__email="clara@example.org").exists()
    assert OutboxMessage.objects.filter(kind="contract_refused", recipient_party=co_tenant).exists()
    assert not Document.objects.filter(kind="vertragsnachtrag").exists()


def test_approval_before_everyone_consented_is_refused(tenant, co_tenant, case_worker):
    _move_in(tenant)
    change = ContractChange.objects.get()
    page = client_for(case_worker).get(reverse("backoffice:contract_change", args=[change.pk])).text
    assert "Änderung freigeben" not in page and "noch offen" in page
    answer = _approve(case_worker, change)
    assert answer.status_code == 409 and "Erst wenn alle Beteiligten zugestimmt haben" in answer.text
    assert ContractChange.objects.get().state == ContractChange.State.PENDING


def test_a_move_in_date_in_the_past_is_refused(tenant, co_tenant):
    answer = _move_in(tenant, day=in_days(-3))
    assert answer.status_code == 409
    assert "Das Datum darf nicht in der Vergangenheit liegen." in answer.text
    assert (
        not ContractChange.objects.exists() and not Party.objects.filter(email="clara@example.org").exists()
    )


def test_someone_already_on_the_contract_cannot_move_in(tenant, co_tenant):
    answer = client_for(tenant.user).post(
        reverse("portal:contract_move_in"),
        {
            "relation": "other",
            "first_name": "Ben",
            "last_name": "Mustermann",
            "email": co_tenant.email,
            "effective_date": in_days(3).isoformat(),
        },
    )
    assert answer.status_code == 409 and "bereits Mietpartei dieses Mietvertrags" in answer.text
    assert not ContractChange.objects.exists()


@pytest.mark.pdf
def test_co_tenant_leaves_the_contract(tenant, co_tenant, case_worker):
    answer = client_for(tenant.user).post(
        reverse("portal:contract_move_out"),
        {"leaving": co_tenant.pk, "effective_date": in_days(30).isoformat()},
    )
    assert answer.status_code == 302
    change = ContractChange.objects.get()
    assert OutboxMessage.objects.filter(kind="contract_consent").count() == 1  # Ben only
    asked = OutboxMessage.objects.get(kind="contract_consent").body_text
    assert "alle Mieterinnen und Mieter des Vertrags und die ausziehende Person zustimmen" in asked
    _consent(co_tenant)
    assert _approve(case_worker, change).status_code == 302
    assert Tenancy.objects.get(party=co_tenant).end == in_days(30)
    assert Tenancy.objects.get(party=tenant).end is None
    text = " ".join(page_texts(ContractChange.objects.get().addendum.read()))
    assert "Entlassung von Ben Mustermann aus dem Mietvertrag" in text
    assert Document.objects.filter(party=co_tenant, kind="vertragsnachtrag").exists()


def test_the_last_tenant_cannot_leave(tenant):
    answer = client_for(tenant.user).post(
        reverse("portal:contract_move_out"), {"leaving": tenant.pk, "effective_date": in_days(30).isoformat()}
    )
    assert answer.status_code == 409 and "Mindestens eine Mieterin" in answer.text
    assert not ContractChange.objects.exists()


def test_staff_enter_a_move_in_and_the_tenant_consents_by_link_too(tenant, co_tenant, case_worker):
    answer = client_for(case_worker).post(
        reverse("backoffice:contract_change_new", args=[tenant.pk, "move_in"]),
        {
            "relation": "partner",
            "first_name": "Clara",
            "last_name": "Neu",
            "email": "clara@example.org",
            "effective_date": in_days(7).isoformat(),
        },
    )
    assert answer.status_code == 302
    assert OutboxMessage.objects.filter(kind="contract_consent").count() == 3  # Erika, Ben and Clara
    assert not Signature.objects.exists()


def test_approving_on_the_freigaben_page_before_the_consents_is_refused(tenant, co_tenant, case_worker):
    _move_in(tenant)
    change = ContractChange.objects.get()
    answer = client_for(case_worker).post(
        reverse("backoffice:approval_approve", args=[change.change_request_id]), follow=True
    )
    assert "Erst wenn alle Beteiligten zugestimmt haben" in answer.text
    assert ContractChange.objects.get().change_request.state == ChangeRequest.State.PENDING
    assert not Tenancy.objects.filter(party__email="clara@example.org").exists()


def test_everyone_of_the_change_follows_it_on_their_process_page(tenant, co_tenant):
    _move_in(tenant)
    change = ContractChange.objects.get()
    url = reverse("portal:process", args=[change.reference])
    assert "Zustimmung aller Beteiligten" in client_for(tenant.user).get(url).text
    assert client_for(co_tenant.user).get(url).status_code == 200


def test_a_contract_change_link_does_not_open_the_notice_page(tenant, co_tenant):
    _move_in(tenant)
    change = ContractChange.objects.get()
    token = notice_consent.consent_token(change.process, co_tenant)
    assert Client().get(reverse("portal:notice_consent", args=[token])).status_code == 404


def test_staff_read_who_leaves_and_who_asked(tenant, co_tenant, case_worker):
    """Erika asks for Ben's release: the staff page's heading names Ben, the one who leaves, and the line
    below it Erika, who asked; the date is the day he leaves ("zum"), on the 360° view too."""
    client_for(tenant.user).post(
        reverse("portal:contract_move_out"),
        {"leaving": co_tenant.pk, "effective_date": in_days(40).isoformat()},
    )
    change = ContractChange.objects.get()
    page = (
        client_for(case_worker).get(reverse("backoffice:contract_change", args=[change.pk])).content.decode()
    )
    heading = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "Ben Mustermann" in heading and "Erika" not in heading
    assert "Beantragt von" in page and f"scheidet aus zum {in_days(40):%d.%m.%Y}" in page
    person = client_for(case_worker).get(reverse("backoffice:person", args=[co_tenant.pk])).content.decode()
    assert f"(zum {in_days(40):%d.%m.%Y})" in person


def test_a_person_we_know_by_email_moves_in_as_themselves(tenant, co_tenant):
    """Clara reported a fault once (a party of ours): the move-in reuses her, never a second person for
    her address, even written in capitals."""
    clara = Party.objects.create(first_name="Clara", last_name="Neu", email="clara@example.org")
    answer = client_for(tenant.user).post(
        reverse("portal:contract_move_in"),
        {
            "relation": "partner",
            "first_name": "clara",
            "last_name": "NEU",
            "email": "Clara@Example.org",
            "effective_date": in_days(14).isoformat(),
        },
    )
    assert answer.status_code == 302
    assert Party.objects.filter(email__iexact="clara@example.org").count() == 1
    assert ContractChange.objects.get().person == clara
    assert OutboxMessage.objects.filter(kind="contract_consent", recipient_party=clara).exists()


def test_an_email_of_a_person_with_another_name_is_refused_and_nothing_stored(tenant, co_tenant, case_worker):
    Party.objects.create(first_name="Clarissa", last_name="Alt", email="clara@example.org")
    parties = Party.objects.count()
    data = {
        "relation": "spouse",
        "first_name": "Clara",
        "last_name": "Neu",
        "email": "clara@example.org",
        "effective_date": in_days(14).isoformat(),
    }
    answer = client_for(tenant.user).post(reverse("portal:contract_move_in"), data)
    assert answer.status_code == 409
    assert "Zu dieser E-Mail-Adresse ist bei uns eine Person mit anderem Namen hinterlegt" in answer.text
    assert "Clarissa" not in answer.text  # the tenant is not told whose address it is
    staff = client_for(case_worker).post(
        reverse("backoffice:contract_change_new", args=[tenant.pk, "move_in"]), data
    )
    assert staff.status_code == 409 and "bereits Clarissa Alt" in staff.text
    assert Party.objects.count() == parties and not ContractChange.objects.exists()
    assert not OutboxMessage.objects.filter(kind="contract_consent").exists()
