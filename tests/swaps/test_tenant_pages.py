"""What each applicant reads on their swap page: a check staff released reads "geklärt" to the one it is
about, without the staff's reason, and the other learns nothing of it; only the one whose home is inspected
next is asked to choose a time, the other is led to both homes' times and protocols."""

from decimal import Decimal

import pytest
from django.urls import reverse

from payments.arrears import arrear_report
from processes.models import Process
from swaps import checks, services
from swaps.models import SwapCheck
from tickets.actors import Actor

pytestmark = pytest.mark.django_db

REASON = "Ratenzahlung läuft seit März zuverlässig."


def swap_page(client, party, swap) -> str:
    client.force_login(party.user)
    answer = client.get(reverse("portal:swap", args=[swap.reference]))
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_released_check_reads_geklaert_to_its_party_only_and_never_its_reason(
    client, confirmed, applicant, partner, case_worker
):
    arrear_report(partner, amount=Decimal("0.01"), reported_by="ERP")
    checks.check_all(confirmed)
    row = SwapCheck.objects.get(swap=confirmed, party=partner, code="arrears")
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:swap_check_override", args=[confirmed.reference, row.pk]),
        {"version": Process.objects.get(pk=confirmed.process_id).version, "reason": REASON},
    )
    assert answer.status_code == 302
    # Staff read who released it and why, in the swap page and the timeline.
    staff = client.get(reverse("backoffice:swap", args=[confirmed.reference])).content.decode()
    assert REASON in staff and "Freigegeben von Sabine Sachbearbeiterin" in staff
    timeline = client.get(reverse("backoffice:ticket", args=[confirmed.reference])).content.decode()
    assert "Vorprüfung freigegeben: Keine Mietrückstände (Bernd Brandt)" in timeline and REASON in timeline

    bernd = swap_page(client, partner, confirmed)
    checks_part = bernd.split('id="swap-checks"', 1)[1].split("</section>", 1)[0]
    assert "geklärt</span> Mietkonto<" in checks_part and "steht dem Tausch nicht entgegen" in checks_part
    assert "ausgeglichen" not in checks_part  # the account is not: the label only names the topic
    assert REASON not in bernd and "Ratenzahlung" not in bernd

    anna = swap_page(client, applicant, confirmed)
    assert "geklärt" not in anna and "Ratenzahlung" not in anna and "Mietrückstände" not in anna
    ticket = client.get(reverse("portal:ticket", args=[confirmed.reference])).content.decode()
    assert REASON not in ticket and "Vorprüfung freigegeben" not in ticket


def test_only_the_one_whose_home_is_next_is_asked_to_choose_a_time(
    client, confirmed, applicant, partner, case_worker
):
    booking = reverse("portal:inspection_booking", args=[confirmed.reference])
    assert booking not in swap_page(client, applicant, confirmed)  # nothing to book during the checks
    services.checks_finish(confirmed, actor=Actor.for_user(case_worker))
    anna = swap_page(client, applicant, confirmed)
    assert "Termin für die Begehung wählen" in anna and booking in anna
    bernd = swap_page(client, partner, confirmed)
    assert "Termin für die Begehung wählen" not in bernd
    assert "Begehungen beider Wohnungen: Termine und Protokolle" in bernd and booking in bernd
