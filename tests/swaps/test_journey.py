"""A home swap of two tenants from the application to the new tenancies, through the pages: the tenant
applies, the partner confirms by the link of their e-mail, staff see the pre-checks and finish them, both
homes are inspected, staff approve, and the letters and e-mails are read back; both see the follow-ups."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from letting.models import Letting
from notifications.letters import render_letter
from notifications.letters.outbox import spec_for
from notifications.models import OutboxMessage
from processes.models import Process
from swaps.models import HomeSwap
from tests.letters.pdftools import page_texts

from .helpers import inspect_home

pytestmark = pytest.mark.django_db


def letter_text(letter) -> str:
    """The letter's words on one line, with the words the layout hyphenated joined again."""
    text = " ".join(page_texts(render_letter(spec_for(letter))))
    return " ".join(re.sub("\u2010\\s+", "", text).split())


def partner_link(swap) -> str:
    mail = OutboxMessage.objects.get(kind="swap_partner_invitation", recipient_party=swap.partner)
    return re.search(r"https?://\S+/portal/wohnungstausch/bestaetigen/[^/\s]+/", mail.body_text).group(0)


def test_tenant_applies_naming_the_partner_by_contract_number_and_surname(
    client, swap_templates, applicant, partner
):
    client.force_login(applicant.user)
    assert client.get(reverse("portal:swap_apply")).status_code == 200
    wished = (timezone.localdate() + dt.timedelta(days=45)).isoformat()
    answer = client.post(
        reverse("portal:swap_apply"),
        {
            "household": "2",
            "wished_date": wished,
            "partner_kind": "tenant",
            "contract_number": "w-200-7",
            "last_name": "brandt",
        },
    )
    swap = HomeSwap.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("portal:swap", args=[swap.reference])
    assert (swap.partner, swap.applicant_household, swap.partner_is_outside) == (partner, 2, False)
    page = client.get(answer["Location"]).content.decode()
    assert "Bernd Brandt" in page and "Wir haben Ihren Tauschpartner per E-Mail gebeten" in page
    mail = OutboxMessage.objects.get(kind="swap_partner_invitation")
    assert mail.recipient_address == "bernd@example.org"
    assert "Anna Albrecht möchte mit Ihnen die Wohnung tauschen" in mail.body_text


@pytest.mark.parametrize(("number", "name"), [("W-200-7", "Meier"), ("W-200-8", "Brandt"), ("", "Brandt")])
def test_a_wrong_contract_number_or_surname_finds_nobody_and_stores_nothing(
    client, swap_templates, applicant, partner, number, name
):
    client.force_login(applicant.user)
    wished = (timezone.localdate() + dt.timedelta(days=45)).isoformat()
    answer = client.post(
        reverse("portal:swap_apply"),
        {
            "household": "2",
            "wished_date": wished,
            "partner_kind": "tenant",
            "contract_number": number,
            "last_name": name,
        },
    )
    assert answer.status_code == 400
    assert not HomeSwap.objects.exists() and not Process.objects.exists()


def test_a_date_in_the_past_is_refused(client, swap_templates, applicant, partner):
    client.force_login(applicant.user)
    answer = client.post(
        reverse("portal:swap_apply"),
        {
            "household": "2",
            "wished_date": "2020-01-01",
            "partner_kind": "tenant",
            "contract_number": "W-200-7",
            "last_name": "Brandt",
        },
    )
    assert answer.status_code == 400
    assert "muss in der Zukunft liegen" in answer.content.decode()
    assert not HomeSwap.objects.exists()


def test_the_whole_swap_through_the_pages(client, swap, applicant, partner, case_worker):
    reference = swap.reference
    # The partner confirms through the link in their e-mail, signed out, with their household.
    client.logout()
    link = partner_link(swap)
    assert "Gemeinsamer Antrag auf Wohnungstausch" in client.get(link).content.decode()
    assert client.post(link, {"answer": "agreed", "household": "3"}).status_code == 302
    swap.refresh_from_db()
    assert swap.partner_household == 3 and swap.confirmed_at is not None
    assert swap.process.signatures.get().party == partner

    # Staff read the pre-checks with their reasons and finish them.
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:swap", args=[reference])).content.decode()
    assert "Keine Mietrückstände." in page and "3 Personen, 3 Zimmer, 72,00 m²." in page
    version = Process.objects.get(pk=swap.process_id).version
    answer = client.post(
        reverse("backoffice:swap_checks", args=[reference]), {"version": version, "action": "finish"}
    )
    assert answer.status_code == 302

    # The tenant reads the checks in gentle words.
    client.force_login(applicant.user)
    page = client.get(reverse("portal:swap", args=[reference])).content.decode()
    assert "in Ordnung</span> Mietkonto" in page and "Angaben Ihres Tauschpartners" in page
    assert "Mietrückstände" not in page

    # Both homes are inspected: each tenant books the time for their own home.
    for side, tenant, days in (("applicant", applicant, 7), ("partner", partner, 8)):
        inspect_home(
            client,
            reference=reference,
            appointment=f"{side}_home_appointment",
            inspection=f"{side}_home_inspection",
            case_worker=case_worker,
            tenant=tenant,
            days=days,
        )
    process = Process.objects.get(pk=swap.process_id)
    assert process.current_step.template.code == "decision"

    # Staff approve, with the date and the terms of both new tenancies.
    client.force_login(case_worker)
    swap_date = timezone.localdate() + dt.timedelta(days=40)
    answer = client.post(
        reverse("backoffice:swap_decide", args=[reference]),
        {
            "version": process.version,
            "outcome": "yes",
            "reason": "Beide Haushalte passen zur neuen Wohnung; das Mietkonto ist ausgeglichen.",
            "swap_date": swap_date.isoformat(),
            f"rent_net_{applicant.pk}": "410.00",
            f"operating_costs_{applicant.pk}": "140.00",
            f"deposit_{applicant.pk}": "1230.00",
            f"rent_net_{partner.pk}": "560.00",
            f"operating_costs_{partner.pk}": "190.00",
            f"deposit_{partner.pk}": "1680.00",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    process.refresh_from_db()
    assert process.state == "done" and process.data["decision"] == "yes"

    # Two ends of tenancy (confirmed: no notice period) and two new tenancies.
    follow_ups = Process.objects.filter(ticket__reference__in=process.data["follow_ups"])
    assert sorted(p.template.code for p in follow_ups) == [
        "kuendigung",
        "kuendigung",
        "vermietung",
        "vermietung",
    ]
    last = swap_date - dt.timedelta(days=1)
    last_day = last.isoformat()
    for notice in follow_ups.filter(template__code="kuendigung"):
        assert notice.data["move_out_date"] == last_day and notice.data["reason"] == "wohnungstausch"
        assert notice.current_step.template.code == "pre_inspection_appointment"
    lettings = {letting.party_id: letting for letting in Letting.objects.all()}
    assert lettings[applicant.pk].unit == swap.partner_unit and lettings[applicant.pk].rent_net == Decimal(
        "410.00"
    )
    assert lettings[partner.pk].unit == swap.applicant_unit and lettings[partner.pk].start == swap_date

    # The letters, read back from their PDF, and the e-mails.
    for party in (applicant, partner):
        letter = OutboxMessage.objects.get(kind="swap_decision", recipient_party=party, channel="letter")
        text = letter_text(letter)
        assert "Genehmigung Ihres Wohnungstauschs" in text
        assert "Wir stimmen dem Wohnungstausch zu" in text
        assert "Begründung: Beide Haushalte passen zur neuen Wohnung" in text
        assert f"endet im gegenseitigen Einvernehmen am {formats.date_format(last, 'DATE_FORMAT')}" in text
        assert f"einen neuen Mietvertrag ab dem {formats.date_format(swap_date, 'DATE_FORMAT')}" in text
        mail = OutboxMessage.objects.get(kind="swap_decision_mail", recipient_party=party)
        assert "wir stimmen Ihrem Wohnungstausch zu" in mail.body_text

    # Each sees their own follow-ups in the portal (and not the other's).
    for party in (applicant, partner):
        client.force_login(party.user)
        page = client.get(reverse("portal:swap", args=[reference])).content.decode()
        mine = Process.objects.filter(ticket__reference__in=process.data["follow_ups"], parties__party=party)
        assert mine.count() == 2
        for follow in mine:
            assert reverse("portal:process", args=[follow.ticket.reference]) in page
            assert client.get(reverse("portal:process", args=[follow.ticket.reference])).status_code == 200

    # Staff see the swap on both people's 360° view.
    client.force_login(case_worker)
    for party in (applicant, partner):
        page = client.get(reverse("backoffice:person", args=[party.pk])).content.decode()
        assert reverse("backoffice:swap", args=[reference]) in page


def test_a_refusal_sends_both_the_reason(client, confirmed, applicant, partner, case_worker):
    client.force_login(case_worker)
    process = Process.objects.get(pk=confirmed.process_id)
    answer = client.post(
        reverse("backoffice:swap_checks", args=[confirmed.reference]),
        {"version": process.version, "action": "failed"},
    )
    assert answer.status_code == 302
    process.refresh_from_db()
    answer = client.post(
        reverse("backoffice:swap_decide", args=[confirmed.reference]),
        {"version": process.version, "outcome": "no", "reason": "Die Wohnung ist für den Haushalt zu klein."},
    )
    assert answer.status_code == 302
    for party in (applicant, partner):
        letter = OutboxMessage.objects.get(kind="swap_decision", recipient_party=party)
        text = letter_text(letter)
        assert "können wir dem Tausch leider nicht zustimmen" in text
        assert "Die Wohnung ist für den Haushalt zu klein." in text
    client.force_login(applicant.user)
    page = client.get(reverse("portal:swap", args=[confirmed.reference])).content.decode()
    assert "abgelehnt" in page and "Die Wohnung ist für den Haushalt zu klein." in page
