"""A partner from outside through the pages, as each side reads them: the invitation asks for the previous
landlord's Mietschuldenfreiheitsbescheinigung; after confirming, the partner signs in by e-mail link and
follows the swap on their own portal page (only the checks that concern them, in words they can act on, no
link to a ticket page they may not open); the applicant's timeline names the partner's answer as a
resident's, never a contractor's; after the approval each reads their own day and home, and the letters
speak of the keys each one really hands over or receives."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone

from estate.models import Document, Party
from notifications.models import OutboxMessage
from notifications.process_mail.swaps import DOCUMENT_KIND
from processes.models import Process
from swaps.models import HomeSwap, SwapCheck

from .conftest import wished
from .helpers import inspect_home
from .test_journey import letter_text

pytestmark = pytest.mark.django_db

OLGA = {
    "answer": "agreed",
    "household": "2",
    "street": "Hafenstraße 3",
    "postcode": "20457",
    "city": "Hamburg",
    "landlord": "Hansa Wohnen GmbH",
    "rooms": "2",
    "area": "61.5",
}


def apply_with_olga(client, applicant) -> HomeSwap:
    applicant.salutation = "Frau"
    applicant.save(update_fields=["salutation"])
    client.force_login(applicant.user)
    answer = client.post(
        reverse("portal:swap_apply"),
        {
            "household": "1",
            "wished_date": wished().isoformat(),
            "partner_kind": "outside",
            "outside_first_name": "Olga",
            "outside_last_name": "Ostermann",
            "outside_email": "olga@example.net",
        },
    )
    assert answer.status_code == 302
    client.logout()
    return HomeSwap.objects.get()


def invitation_link(swap) -> str:
    body = OutboxMessage.objects.get(kind="swap_partner_invitation").body_text
    return re.search(r"/portal/wohnungstausch/bestaetigen/[^/\s]+/", body).group(0)


def sign_in_by_mail(client, email, django_capture_on_commit_callbacks) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("portal:login"), {"email": email}).status_code == 302
    token = re.search(r"/portal/anmelden/link/([^/\s?]+)/", mail.outbox[-1].body).group(1)
    assert client.post(reverse("portal:link", args=[token])).status_code == 302


def page(client, name, *args) -> str:
    answer = client.get(reverse(name, args=args))
    assert answer.status_code == 200, name
    return answer.content.decode()


def test_the_partner_from_outside_follows_the_swap_on_their_portal(
    client, swap_templates, applicant, django_capture_on_commit_callbacks
):
    swap = apply_with_olga(client, applicant)
    invitation = OutboxMessage.objects.get(kind="swap_partner_invitation").body_text
    assert "Mietschuldenfreiheitsbescheinigung Ihres jetzigen Vermieters" in invitation
    link = invitation_link(swap)
    before = page(client, "portal:swap_partner", link.split("/")[-2])
    # What she confirms names her without a home or household she has not given yet.
    assert ", , " not in before and "– Personen" not in before
    assert f"Antragstellerin: Anna Albrecht, {swap.applicant_unit}, 1 Person<br>" in before
    assert "Tauschpartner/in: Olga Ostermann<br>" in before

    confirmed = client.post(link, OLGA)
    assert confirmed.status_code == 302
    after = client.get(link).content.decode()
    assert reverse("portal:swap", args=[swap.reference]) in after
    assert "Tauschpartner/in: Olga Ostermann, Hafenstraße 3, 20457 Hamburg, 2 Personen" in after
    olga = Party.objects.get(email="olga@example.net")
    assert olga.user_id is not None  # her portal login: she signs in by e-mail link

    sign_in_by_mail(client, "olga@example.net", django_capture_on_commit_callbacks)
    assert page(client, "portal:processes").count(reverse("portal:process", args=[swap.reference])) >= 1
    mine = page(client, "portal:swap", swap.reference)
    checks = mine.split('id="swap-checks"', 1)[1].split("</section>", 1)[0]
    assert "Mietschuldenfreiheitsbescheinigung" in checks and "service@example.org" in checks
    assert swap.reference in checks
    assert "Mietkonto" not in checks and "Mietdauer" not in checks and "Miteinander" not in checks
    # The ticket's page is the applicant's: no link to it that would answer 404.
    assert reverse("portal:ticket", args=[swap.reference]) not in mine
    assert client.get(reverse("portal:ticket", args=[swap.reference])).status_code == 404

    client.force_login(applicant.user)
    anna = page(client, "portal:swap", swap.reference)
    assert reverse("portal:ticket", args=[swap.reference]) in anna
    assert "Mietschuldenfreiheitsbescheinigung" not in anna  # the partner's check is hers alone
    assert "Wir klären noch einige Punkte mit Ihrem Tauschpartner." in anna
    # Anna moves into a home that is not ours: no occupancy check of ours to report.
    assert "Wohnungsgröße und Haushalt" not in anna
    timeline = page(client, "portal:ticket", swap.reference)
    assert "Handwerksbetrieb" not in timeline


def test_the_approval_reads_right_for_each_side(
    client, swap_templates, applicant, case_worker, django_capture_on_commit_callbacks
):
    swap = apply_with_olga(client, applicant)
    assert client.post(invitation_link(swap), OLGA).status_code == 302
    olga = Party.objects.get(email="olga@example.net")
    olga.salutation = "Frau"
    olga.save(update_fields=["salutation"])

    client.force_login(case_worker)
    arrears = SwapCheck.objects.get(swap=swap, party=olga, code="arrears")
    version = Process.objects.get(pk=swap.process_id).version
    answer = client.post(
        reverse("backoffice:swap_check_override", args=[swap.reference, arrears.pk]),
        {"version": version, "reason": "Bescheinigung der Hansa Wohnen vom 12.11. liegt vor."},
    )
    assert answer.status_code == 302
    version = Process.objects.get(pk=swap.process_id).version
    answer = client.post(
        reverse("backoffice:swap_checks", args=[swap.reference]), {"version": version, "action": "finish"}
    )
    assert answer.status_code == 302
    inspect_home(
        client,
        reference=swap.reference,
        appointment="applicant_home_appointment",
        inspection="applicant_home_inspection",
        case_worker=case_worker,
        tenant=applicant,
    )
    client.force_login(case_worker)
    staff_page = page(client, "backoffice:swap", swap.reference)
    assert "1 Person<" in staff_page and "2 Personen" in staff_page
    swap_date = timezone.localdate() + dt.timedelta(days=40)
    last_day = swap_date - dt.timedelta(days=1)
    answer = client.post(
        reverse("backoffice:swap_decide", args=[swap.reference]),
        {
            "version": Process.objects.get(pk=swap.process_id).version,
            "outcome": "yes",
            "reason": "Beide Haushalte passen.",
            "swap_date": swap_date.isoformat(),
            f"rent_net_{olga.pk}": "500,00",
            f"operating_costs_{olga.pk}": "150,00",
            f"deposit_{olga.pk}": "1500,00",
        },
    )
    assert answer.status_code == 302

    # The released check and its reason stay with the staff: neither tenant reads them.
    for party in (applicant, Party.objects.get(pk=olga.pk)):
        client.force_login(party.user)
        mine = page(client, "portal:swap", swap.reference)
        assert "Hansa Wohnen vom 12.11." not in mine
        decided = mine.split('id="swap-decided"', 1)[1].split("</dl>", 1)[0]
        assert f"{swap_date:%d.%m.%Y}" in decided
        if party == applicant:
            assert "Ende Ihres Mietverhältnisses" in decided and f"{last_day:%d.%m.%Y}" in decided
            assert "Beginn des neuen Mietverhältnisses" not in decided
            assert "Hafenstraße 3, 20457 Hamburg" in decided
            assert "Hansa Wohnen vom 12.11." not in page(client, "portal:ticket", swap.reference)
        else:
            assert "Beginn des neuen Mietverhältnisses" in decided and str(swap.applicant_unit) in decided
            assert Document.objects.filter(party=party, kind=DOCUMENT_KIND).exists()
            assert "Entscheidung über den Wohnungstausch" in page(client, "portal:documents")

    anna_letter = letter_text(OutboxMessage.objects.get(kind="swap_decision", recipient_party=applicant))
    olga_letter = letter_text(OutboxMessage.objects.get(kind="swap_decision", recipient_party=olga))
    assert "Antragstellerin Anna Albrecht" in anna_letter and "Tauschpartnerin Olga Ostermann" in anna_letter
    assert f"Mietende {formats.date_format(last_day, 'DATE_FORMAT')}" in anna_letter
    assert "Mietende" not in olga_letter
    assert f"Tauschtermin {formats.date_format(swap_date, 'DATE_FORMAT')}" in olga_letter
    assert f"neuen Mietvertrag ab dem {formats.date_format(swap_date, 'DATE_FORMAT')}" in olga_letter
    assert "Seite 1 von 1" in anna_letter and "Seite 1 von 1" in olga_letter
    assert "Schlüssel für die neue Wohnung" not in anna_letter
    assert "Schlüssel Ihrer bisherigen Wohnung geben Sie bei der Wohnungsabnahme zurück" in anna_letter
    assert "Schlüssel für die neue Wohnung erhalten Sie bei der Übergabe zum Tauschtermin" in olga_letter
    assert "nachdem die bisherige Wohnung abgenommen ist" not in olga_letter
    anna_mail = OutboxMessage.objects.get(kind="swap_decision_mail", recipient_party=applicant).body_text
    assert "Beginn des neuen Mietverhältnisses" not in anna_mail and "Mietende: " in anna_mail


def test_the_partner_types_her_numbers_in_german_notation(client, swap_templates, applicant):
    swap = apply_with_olga(client, applicant)
    link = invitation_link(swap)
    wrong = client.post(link, {**OLGA, "area": "61,5", "income": "etwa zweitausend"})
    assert wrong.status_code == 400
    assert "Bitte geben Sie das Einkommen als Betrag in Euro an, etwa 1.850,00." in wrong.content.decode()
    swap.refresh_from_db()
    assert swap.confirmed_at is None and swap.outside_landlord == "" and not swap.process.signatures.exists()
    answer = client.post(link, {**OLGA, "rooms": "2,5", "area": "61,5", "income": "1.850,00"})
    assert answer.status_code == 302
    swap.refresh_from_db()
    assert (swap.outside_rooms, swap.outside_area, swap.partner_income) == (
        Decimal("2.5"),
        Decimal("61.50"),
        Decimal("1850.00"),
    )
