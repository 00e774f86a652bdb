"""The amounts of the decision form as staff type them: German "1.837,50" is taken as 1837.50, "abc" is
refused with a German message and 400, nothing stored; the form offers the terms of each home's last
concluded letting, as text fields for a decimal keyboard."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from letting.models import Letting
from letting.services import start_letting
from notifications.models import OutboxMessage
from processes import engine
from processes.models import Process
from swaps import services
from tests.factories import StaffFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


def at_decision(swap, case_worker) -> Process:
    staff = Actor.for_user(case_worker)
    services.checks_finish(swap, actor=staff)
    process = Process.objects.get(pk=swap.process_id)
    for code in (
        "applicant_home_appointment",
        "applicant_home_inspection",
        "partner_home_appointment",
        "partner_home_inspection",
    ):
        engine.complete(process, code, actor=staff)
    process.refresh_from_db()
    return process


def approval(process, applicant, partner, **amounts) -> dict:
    data = {
        "version": process.version,
        "outcome": "yes",
        "reason": "Passt.",
        "swap_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        f"rent_net_{applicant.pk}": "410,00",
        f"operating_costs_{applicant.pk}": "140,00",
        f"deposit_{applicant.pk}": "1.230,00",
        f"rent_net_{partner.pk}": "560,00",
        f"operating_costs_{partner.pk}": "190,00",
        f"deposit_{partner.pk}": "1.680,00",
    }
    data.update(amounts)
    return data


def test_german_notation_is_taken_as_the_amount(client, confirmed, applicant, partner, case_worker):
    process = at_decision(confirmed, case_worker)
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:swap_decide", args=[confirmed.reference]),
        approval(process, applicant, partner, **{f"rent_net_{partner.pk}": "1.837,50"}),
    )
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    letting = Letting.objects.get(party=partner)
    assert letting.rent_net == Decimal("1837.50")
    assert letting.deposit == Decimal("1680.00")
    assert Letting.objects.get(party=applicant).deposit == Decimal("1230.00")


def test_a_word_for_an_amount_is_refused_in_german_and_nothing_stored(
    client, confirmed, applicant, partner, case_worker
):
    process = at_decision(confirmed, case_worker)
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:swap_decide", args=[confirmed.reference]),
        approval(process, applicant, partner, **{f"rent_net_{partner.pk}": "abc"}),
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "die Nettokaltmiete ist kein gültiger Betrag." in page
    assert 'value="abc"' in page  # what was typed stays, to be corrected
    process.refresh_from_db()
    assert process.current_step.template.code == "decision" and "decision" not in process.data
    assert not Letting.objects.exists()
    assert not OutboxMessage.objects.filter(kind__startswith="swap_decision").exists()


def test_the_amounts_are_text_fields_prefilled_from_the_last_letting(
    client, confirmed, applicant, partner, case_worker
):
    """Anna moves into Bernd's home: its terms are those Bernd's tenancy was let on. Bernd moves into
    Anna's home, let before the portal knew its terms: nothing to offer, staff enter them."""
    process = at_decision(confirmed, case_worker)
    earlier = start_letting(
        party=partner,
        unit=confirmed.partner_unit,
        start=timezone.localdate() + dt.timedelta(days=5),
        rent_net=Decimal("1837.50"),
        operating_costs=Decimal("210.00"),
        deposit=Decimal("5512.50"),
        by=Actor.for_user(StaffFactory()),
    )
    Letting.objects.filter(process=earlier).update(state=Letting.State.CONCLUDED)
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:swap", args=[confirmed.reference])).content.decode()
    assert process.current_step.template.code == "decision"
    assert f'name="rent_net_{applicant.pk}" value="1837,50"' in page
    assert f'name="deposit_{applicant.pk}" value="5512,50"' in page
    assert f'name="rent_net_{partner.pk}"' in page
    assert f'name="rent_net_{partner.pk}" value=' not in page
    assert 'type="number"' not in page
    assert page.count('inputmode="decimal"') == 6
