"""The partner's link: the right person confirms (signed in or not), anyone else signed in gets 403 and
nothing is stored, a changed or expired link is refused; a partner from outside registers their data,
and only our home is inspected; a partner who declines ends the swap."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from estate.models import Party
from notifications.models import OutboxMessage
from processes import engine
from processes.models import Process, Signature
from swaps import invitation, services
from swaps.models import HomeSwap, SwapCheck
from tests.factories import StaffFactory
from tickets.actors import Actor

from .conftest import wished

pytestmark = pytest.mark.django_db


def link_of(swap) -> str:
    return reverse("portal:swap_partner", args=[invitation.partner_token(swap)])


def nothing_stored(swap) -> None:
    swap.refresh_from_db()
    assert swap.partner_household is None and swap.confirmed_at is None
    assert not Signature.objects.exists()
    process = Process.objects.get(pk=swap.process_id)
    assert process.current_step.template.code == "partner_confirmation"


@pytest.mark.parametrize("who", ["applicant", "other_tenant", "staff"])
def test_someone_else_signed_in_gets_403_and_nothing_is_stored(client, swap, applicant, other_tenant, who):
    user = {"applicant": applicant.user, "other_tenant": other_tenant.user, "staff": StaffFactory()}[who]
    client.force_login(user)
    page = client.get(link_of(swap))
    assert page.status_code == 403
    assert "Dieser Link ist für eine andere Person bestimmt" in page.content.decode()
    answer = client.post(link_of(swap), {"answer": "agreed", "household": "3"})
    assert answer.status_code == 403
    nothing_stored(swap)


def test_the_partner_signed_in_confirms(client, swap, partner):
    client.force_login(partner.user)
    assert client.post(link_of(swap), {"answer": "agreed", "household": "3"}).status_code == 302
    swap.refresh_from_db()
    assert swap.partner_household == 3
    assert Signature.objects.get().document_label == f"Wohnungstausch {swap.reference}"
    assert SwapCheck.objects.filter(swap=swap).count() == 8


def test_a_missing_household_is_refused_and_nothing_stored(client, swap):
    answer = client.post(link_of(swap), {"answer": "agreed", "household": ""})
    assert answer.status_code == 400
    assert "wie viele Personen" in answer.content.decode()
    nothing_stored(swap)


def test_a_changed_link_is_refused(client, swap):
    token = invitation.partner_token(swap)
    page = client.get(reverse("portal:swap_partner", args=[token[:-2] + "xx"]))
    assert page.status_code == 404 and "Dieser Link ist ungültig" in page.content.decode()


def test_an_expired_link_is_refused(client, swap, monkeypatch):
    monkeypatch.setattr(invitation, "LINK_MAX_AGE", dt.timedelta(seconds=-1))
    page = client.get(link_of(swap))
    assert page.status_code == 404 and "abgelaufen" in page.content.decode()


def test_a_second_answer_is_a_conflict(client, swap):
    assert client.post(link_of(swap), {"answer": "agreed", "household": "3"}).status_code == 302
    page = client.get(link_of(swap)).content.decode()
    assert "Ihre Bestätigung ist gespeichert" in page
    answer = client.post(link_of(swap), {"answer": "refused"})
    assert answer.status_code == 409
    assert Process.objects.get(pk=swap.process_id).current_step.template.code == "pre_checks"


def test_the_partner_declines_and_the_applicant_hears_of_it(client, swap, applicant):
    assert client.post(link_of(swap), {"answer": "refused"}).status_code == 302
    process = Process.objects.get(pk=swap.process_id)
    assert process.state == "done"
    mail = OutboxMessage.objects.get(kind="swap_partner_declined")
    assert mail.recipient_party == applicant and "nicht bestätigt" in mail.body_text


def test_a_partner_from_outside_is_invited_registers_and_only_our_home_is_inspected(
    client, swap_templates, applicant, case_worker
):
    client.force_login(applicant.user)
    answer = client.post(
        reverse("portal:swap_apply"),
        {
            "household": "1",
            "wished_date": wished().isoformat(),
            "partner_kind": "outside",
            "outside_first_name": "Olga",
            "outside_last_name": "Ostermann",
            "outside_email": "Olga@Example.net",
        },
    )
    assert answer.status_code == 302
    swap = HomeSwap.objects.get()
    assert swap.partner_is_outside and swap.partner.email == "olga@example.net"
    mail = OutboxMessage.objects.get(kind="swap_partner_invitation")
    assert mail.recipient_address == "olga@example.net"
    assert "Ihre jetzige Anschrift, Ihren Vermieter" in mail.body_text
    link = re.search(r"/portal/wohnungstausch/bestaetigen/[^/\s]+/", mail.body_text).group(0)

    client.logout()
    assert "Jetzige/r Vermieter/in" in client.get(link).content.decode()
    incomplete = client.post(link, {"answer": "agreed", "household": "2", "street": "Hafenstraße 3"})
    assert incomplete.status_code == 400
    assert "jetzige Anschrift und Ihren jetzigen Vermieter" in incomplete.content.decode()
    nothing_stored(swap)
    answer = client.post(
        link,
        {
            "answer": "agreed",
            "household": "2",
            "street": "Hafenstraße 3",
            "postcode": "20457",
            "city": "Hamburg",
            "landlord": "Hansa Wohnen GmbH",
            "rooms": "2",
            "area": "61.5",
            "income": "",
        },
    )
    assert answer.status_code == 302
    swap.refresh_from_db()
    assert swap.outside_landlord == "Hansa Wohnen GmbH" and swap.partner_income is None
    assert Party.objects.get(pk=swap.partner_id).city == "Hamburg"

    # Not our tenant: the arrears need the previous landlord's certificate; the rest does not apply.
    arrears = SwapCheck.objects.get(swap=swap, party=swap.partner, code="arrears")
    assert not arrears.passed and "Mietschuldenfreiheitsbescheinigung" in arrears.reason
    tenure = SwapCheck.objects.get(swap=swap, party=swap.partner, code="tenure")
    assert tenure.passed and tenure.reason.startswith("Entfällt")
    staff = Actor.for_user(case_worker)
    services.check_override(arrears, actor=staff, reason="Bescheinigung der Hansa Wohnen liegt vor.")
    services.checks_finish(swap, actor=staff)
    steps = {s.template.code: s.state for s in Process.objects.get(pk=swap.process_id).steps.all()}
    assert steps["applicant_home_appointment"] == "active"
    assert steps["partner_home_appointment"] == "pending"


def test_outside_partner_steps_are_left_out_once_our_home_is_inspected(
    swap_templates, applicant, case_worker
):
    swap = services.swap_apply(
        applicant=applicant,
        actor=Actor.for_party(applicant),
        household=1,
        wished_date=wished(),
        outside={"first_name": "Olga", "last_name": "Ostermann", "email": "olga@example.net"},
    )
    services.partner_answer(
        swap,
        party=swap.partner,
        agreed=True,
        household=2,
        outside_data={"street": "Hafenstraße 3", "postcode": "20457", "city": "Hamburg", "landlord": "Hansa"},
    )
    staff = Actor.for_user(case_worker)
    for check in SwapCheck.objects.filter(swap=swap, passed=False):
        services.check_override(check, actor=staff, reason="Bescheinigung liegt vor.")
    services.checks_finish(swap, actor=staff)
    process = Process.objects.get(pk=swap.process_id)
    engine.complete(process, "applicant_home_appointment", actor=staff)
    engine.complete(process, "applicant_home_inspection", actor=staff)
    process.refresh_from_db()
    steps = {s.template.code: s.state for s in process.steps.all()}
    assert steps["partner_home_appointment"] == steps["partner_home_inspection"] == "skipped"
    assert process.current_step.template.code == "decision"


def test_approving_a_swap_with_a_partner_from_outside(swap_templates, applicant, case_worker):
    """Our tenant's Kündigung (forwarding to the partner's old home) and the partner's new tenancy in our
    home; nothing for the home that is not ours."""
    swap = services.swap_apply(
        applicant=applicant,
        actor=Actor.for_party(applicant),
        household=1,
        wished_date=wished(),
        outside={"first_name": "Olga", "last_name": "Ostermann", "email": "olga@example.net"},
    )
    address = {"street": "Hafenstraße 3", "postcode": "20457", "city": "Hamburg", "landlord": "Hansa"}
    services.partner_answer(swap, party=swap.partner, agreed=True, household=2, outside_data=address)
    staff = Actor.for_user(case_worker)
    for check in SwapCheck.objects.filter(swap=swap, passed=False):
        services.check_override(check, actor=staff, reason="Bescheinigung liegt vor.")
    services.checks_finish(swap, actor=staff)
    process = Process.objects.get(pk=swap.process_id)
    engine.complete(process, "applicant_home_appointment", actor=staff)
    engine.complete(process, "applicant_home_inspection", actor=staff)
    swap.process = Process.objects.get(pk=swap.process_id)
    swap_date = wished()
    started = services.swap_decide(
        swap,
        actor=staff,
        approve=True,
        reason="Passt.",
        swap_date=swap_date,
        terms={swap.partner_id: {"rent_net": "500.00", "operating_costs": "150.00", "deposit": "1500.00"}},
    )
    notice, letting = sorted(started, key=lambda p: p.template.code)
    assert notice.template.code == "kuendigung" and letting.template.code == "vermietung"
    assert notice.data["forwarding_address"] == {
        "street": "Hafenstraße 3",
        "postcode": "20457",
        "city": "Hamburg",
    }
    assert letting.letting.party == swap.partner and letting.letting.unit == swap.applicant_unit
    letters = OutboxMessage.objects.filter(kind="swap_decision")
    assert {m.recipient_party_id for m in letters} == {applicant.pk, swap.partner_id}


def test_both_read_the_decided_date_their_new_home_and_the_reason(client, confirmed, applicant, partner):
    """After the approval each side's page says when the swap takes effect (not only the wished day),
    which home they move into, and why: the partner sees the decision as the applicant does."""
    day = timezone.localdate() + dt.timedelta(days=75)
    process = confirmed.process
    process.data = {
        **process.data,
        "decision": "yes",
        "swap_date": day.isoformat(),
        "decision_reason": "Beide Haushalte passen.",
    }
    process.save(update_fields=["data"])
    for party, new_home in ((applicant, confirmed.partner_unit), (partner, confirmed.applicant_unit)):
        client.force_login(party.user)
        page = client.get(reverse("portal:swap", args=[confirmed.reference])).content.decode()
        decided = page.split('id="swap-decided"', 1)[1].split("</dl>", 1)[0]
        assert f"{day:%d.%m.%Y}" in decided and str(new_home) in decided
        assert "Begründung: Beide Haushalte passen." in page
