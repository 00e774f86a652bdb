"""The staff's process page, its buttons, the ticket page's panel and the Vorgänge list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from processes import engine
from processes.models import Process
from tests.factories import StaffFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, case_worker):
    client.force_login(case_worker)
    return client


@pytest.fixture
def notice(templates, tenant, co_tenant):
    return engine.start(
        "kuendigung",
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"tenant": tenant, "co_tenant": co_tenant},
        data={"move_out_date": "2027-03-31"},
    )


def _url(name, process, *args):
    return reverse(f"backoffice:{name}", args=[process.ticket.reference, *args])


def test_the_ticket_page_shows_the_process_panel(staff_client, notice):
    page = staff_client.get(reverse("backoffice:ticket", args=[notice.ticket.reference])).content.decode()
    assert "Vorgang: Kündigung" in page
    assert "Kündigung erfassen" in page
    assert _url("process", notice) in page


def test_the_process_page_shows_steps_and_parties(staff_client, notice, tenant, co_tenant):
    page = staff_client.get(_url("process", notice)).content.decode()
    for text in ("Kündigung erfassen", "Zustimmung der Mitmieter", "Schlussabrechnung", "weitere Mietpartei"):
        assert text in page
    assert tenant.display_name in page and co_tenant.display_name in page
    assert "31.03.2027" in page and "move_out_date" not in page


def test_staff_complete_a_step_with_an_outcome(staff_client, notice, tenant, co_tenant):
    engine.complete(notice, "notice_form", actor=Actor.for_party(tenant))
    engine.complete(notice, "co_tenant_consent", actor=Actor.for_party(co_tenant), outcome="agreed")
    notice.refresh_from_db()

    response = staff_client.post(
        _url("process_step", notice, "confirmation"),
        {"version": notice.version, "outcome": "confirmed", "note": "Frist geprüft"},
    )

    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.current_step.template.code == "confirmation_letter"
    done = notice.steps.get(template__code="confirmation")
    assert done.outcome == "confirmed" and done.data == {"note": "Frist geprüft"}


def test_a_stale_page_is_refused_with_409(staff_client, notice, tenant):
    loaded = notice.version
    engine.complete(notice, "notice_form", actor=Actor.for_party(tenant))

    response = staff_client.post(
        _url("process_step", notice, "co_tenant_consent"), {"version": loaded, "action": "skip"}
    )

    assert response.status_code == 409
    assert "in der Zwischenzeit geändert" in response.content.decode()
    notice.refresh_from_db()
    assert notice.current_step.template.code == "co_tenant_consent"


def test_a_step_staff_may_not_take_is_refused_with_a_message(staff_client, notice, tenant):
    engine.complete(notice, "notice_form", actor=Actor.for_party(tenant))
    notice.refresh_from_db()

    response = staff_client.post(
        _url("process_step", notice, "co_tenant_consent"), {"version": notice.version, "outcome": "agreed"}
    )

    assert response.status_code == 400
    assert "Diesen Schritt dürfen Sie nicht ausführen." in response.content.decode()


def test_a_step_not_active_is_refused_with_a_message(staff_client, notice):
    response = staff_client.post(
        _url("process_step", notice, "settlement"), {"version": notice.version, "outcome": ""}
    )
    assert response.status_code == 400
    assert "nicht an der Reihe" in response.content.decode()


def test_cancel(staff_client, notice):
    response = staff_client.post(
        _url("process_cancel", notice), {"version": notice.version, "reason": "zurückgenommen"}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.state == Process.State.CANCELLED


def test_residents_and_other_staff_get_404(client, notice, tenant, case_worker):
    notice.ticket.restricted_to = case_worker
    notice.ticket.save()
    client.force_login(StaffFactory())
    assert client.get(_url("process", notice)).status_code == 404
    client.force_login(tenant.user)
    assert client.get(_url("process", notice)).status_code == 404
    assert client.get(reverse("backoffice:processes")).status_code == 404


def test_the_person_page_lists_the_processes_with_the_role(staff_client, notice, co_tenant):
    page = staff_client.get(reverse("backoffice:person", args=[co_tenant.pk])).content.decode()
    assert notice.ticket.reference in page
    assert "Kündigung – weitere Mietpartei" in page  # no salutation stored: the neutral word


def test_roles_read_as_the_salutation_gives_them(staff_client, client, notice, tenant, co_tenant):
    """Mieterin, Mitmieter: the staff process page, the 360° view and the tenant's own portal name a
    person's role in the form their salutation gives, never "Mieter/in"."""
    tenant.salutation, co_tenant.salutation = "Frau", "Herr"
    tenant.save(update_fields=["salutation"])
    co_tenant.save(update_fields=["salutation"])

    process_page = staff_client.get(_url("process", notice)).content.decode()
    assert f'Mieterin: <a href="{reverse("backoffice:person", args=[tenant.pk])}">' in process_page
    assert f'Mitmieter: <a href="{reverse("backoffice:person", args=[co_tenant.pk])}">' in process_page
    person_page = staff_client.get(reverse("backoffice:person", args=[co_tenant.pk])).content.decode()
    assert "Kündigung – Mitmieter" in person_page
    client.force_login(tenant.user)
    for url in (reverse("portal:processes"), reverse("portal:process", args=[notice.ticket.reference])):
        text = " ".join(client.get(url).content.decode().split())
        assert "Ihre Rolle: Mieterin" in text
        assert "Mieter/in" not in text


def _nuisances(templates, n):
    from tests.factories import PartyFactory, TenancyFactory

    made = []
    for _ in range(n):
        party = TenancyFactory(party=PartyFactory()).party
        made.append(
            engine.start(
                "nachbarschaftsstoerung",
                actor=Actor.system(),
                reporter_party=party,
                parties={"complainant": party},
            )
        )
    return made


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(staff_client, templates, rows, django_assert_num_queries):
    _nuisances(templates, rows)
    staff_client.get(reverse("backoffice:processes"))
    # session, user, the template and team choices, the rows (with ticket permissions behind them)
    with django_assert_num_queries(6) as counted:
        page = staff_client.get(reverse("backoffice:processes"))
    assert page.content.decode().count("Beschwerde erfassen") == rows
    assert len(counted.captured_queries) <= 8


def test_the_list_puts_the_overdue_first_and_filters(staff_client, templates, case_worker):
    late, soon, idle = _nuisances(templates, 3)
    staff = Actor.for_user(case_worker)
    for process in (late, soon):
        engine.complete(process, "complaint_form", actor=staff)
    Process.objects.filter(pk=late.pk).update(next_deadline=timezone.now() - dt.timedelta(days=1))

    page = staff_client.get(reverse("backoffice:processes")).content.decode()
    order = [page.index(p.ticket.reference) for p in (late, soon, idle)]
    assert order == sorted(order)

    only_late = staff_client.get(reverse("backoffice:processes"), {"ueberfaellig": "on"}).content.decode()
    assert late.ticket.reference in only_late and soon.ticket.reference not in only_late

    other = staff_client.get(reverse("backoffice:processes"), {"vorgangsart": "kuendigung"}).content.decode()
    assert late.ticket.reference not in other
