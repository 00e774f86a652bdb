"""Mietschuldenfreiheitsbescheinigung: written at once only when the ERP's last report shows nothing owed
and no Ratenzahlung runs, naming that report's day; an arrear of a single cent, a running arrangement or
no report at all send it to the case worker, who issues it or refuses it with a reason the tenant reads."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from notifications.models import OutboxMessage
from payments.arrears import arrear_report
from processes.models import Process

from .conftest import documents_of, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def _ask(client, tenant):
    client.force_login(tenant.user)
    response = client.post(reverse("portal:certificates"), {"kind": "mietschuldenfreiheit"})
    assert response.status_code == 302
    return Certificate.objects.get(party=tenant, kind="mietschuldenfreiheit")


def test_nothing_owed_is_certified_at_once_as_of_the_erps_report(client, tenant, home):
    report_day = timezone.localdate() - dt.timedelta(days=3)
    arrear_report(tenant, amount=Decimal("0.00"), as_of=report_day, tenancy=home)
    certificate = _ask(client, tenant)
    assert certificate.state == Certificate.State.ISSUED
    assert certificate.statement_as_of == report_day and certificate.process is None
    text = " ".join(text_of(certificate).split())
    day = report_day.strftime("%d.%m.%Y")
    assert f"Nach dem Stand unserer Mietenbuchhaltung vom {day} bestehen" in text
    assert "keine Mietrückstände" in text and "Mietverhältnis seit 01.04.2021" in text
    assert "Erika Mustermann" in text and "Lindenstraße 12a" in text
    assert f"Mietschuldenfreiheitsbescheinigung (Stand {day})" in documents_of(tenant)


def test_one_cent_owed_is_not_certified_but_waits_for_the_case_worker(client, tenant, home):
    arrear_report(tenant, amount=Decimal("0.01"), as_of=timezone.localdate(), tenancy=home)
    certificate = _ask(client, tenant)
    assert certificate.state == Certificate.State.PENDING and certificate.document is None
    assert "0,01 €" in certificate.hold_reason
    assert certificate.process.state == Process.State.RUNNING
    assert certificate.process.current_step.template.code == "issue"
    assert documents_of(tenant) == []
    receipt = OutboxMessage.objects.get(kind="ticket_created", recipient_party=tenant)
    assert receipt.subject.endswith("Ihr Anliegen ist bei uns eingegangen: Bescheinigung")
    page = client.get(reverse("portal:certificates")).content.decode()
    assert "in Bearbeitung" in page and certificate.process.ticket.reference in page
    # Asked again while it waits: refused, nothing more stored.
    again = client.post(reverse("portal:certificates"), {"kind": "mietschuldenfreiheit"})
    assert again.status_code == 409 and "bereits angefordert" in again.content.decode()
    assert Certificate.objects.filter(party=tenant).count() == 1


def test_no_report_of_the_erp_certifies_nothing(client, tenant, home):
    certificate = _ask(client, tenant)
    assert certificate.state == Certificate.State.PENDING
    assert "noch keinen Stand" in certificate.hold_reason


def test_a_running_payment_arrangement_waits_for_the_case_worker(client, tenant, home, monkeypatch):
    import certificates.figures as figures

    arrear_report(tenant, amount=Decimal("0.00"), as_of=timezone.localdate(), tenancy=home)
    monkeypatch.setattr(figures, "open_plan", lambda party: object())
    certificate = _ask(client, tenant)
    assert certificate.state == Certificate.State.PENDING and "Ratenzahlung" in certificate.hold_reason


def test_the_case_worker_refuses_with_a_reason_the_tenant_reads(
    client, tenant, home, case_worker, certificate_templates
):
    arrear_report(tenant, amount=Decimal("0.01"), as_of=timezone.localdate(), tenancy=home)
    certificate = _ask(client, tenant)
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:certificate", args=[certificate.pk])).content.decode()
    assert "offen 0,01" in page
    url = reverse("backoffice:certificate_refuse", args=[certificate.pk])
    empty = client.post(url, {"version": certificate.process.version, "reason": ""})
    assert empty.status_code == 400 and "Begründung" in empty.content.decode()
    reason = "Laut Mietkonto ist die Miete für November noch offen."
    done = client.post(url, {"version": certificate.process.version, "reason": reason})
    assert done.status_code == 302
    certificate.refresh_from_db()
    assert certificate.state == Certificate.State.REFUSED and certificate.reason == reason
    mail = OutboxMessage.objects.get(kind="certificate_refused", recipient_party=tenant)
    assert (
        "Die Mietschuldenfreiheitsbescheinigung können wir Ihnen leider nicht ausstellen." in mail.body_text
    )
    assert reason in mail.body_text
    client.force_login(tenant.user)
    assert reason in client.get(reverse("portal:certificates")).content.decode()


def test_the_case_worker_issues_it_with_the_stand_of_the_rent_account(client, tenant, home, case_worker):
    arrear_report(
        tenant, amount=Decimal("0.01"), as_of=timezone.localdate() - dt.timedelta(days=9), tenancy=home
    )
    certificate = _ask(client, tenant)
    client.force_login(case_worker)
    url = reverse("backoffice:certificate_issue", args=[certificate.pk])
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    refused = client.post(url, {"version": certificate.process.version, "statement_as_of": future})
    assert refused.status_code == 400 and "nicht in der Zukunft" in refused.content.decode()
    today = timezone.localdate()
    assert (
        client.post(
            url, {"version": certificate.process.version, "statement_as_of": today.isoformat()}
        ).status_code
        == 302
    )
    certificate.refresh_from_db()
    assert certificate.state == Certificate.State.ISSUED and certificate.statement_as_of == today
    assert f"vom {today:%d.%m.%Y} bestehen" in " ".join(text_of(certificate).split())
