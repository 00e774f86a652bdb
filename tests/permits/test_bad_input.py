"""Wrong input answers with a German message and a 4xx, and stores nothing: a missing subtenant name, a
start in the past, a refusal without its reason, "mit Auflagen" without any, a NUL byte, a stale page, and
another tenant's request (404 for them, as for a missing one)."""

import pytest
from django.urls import reverse

from permits import services
from permits.models import Permit
from processes.models import Process
from tickets.actors import Actor

from .conftest import client_for, in_days

pytestmark = pytest.mark.django_db

SUBLET = {
    "subtenant_name": "Jonas Weber",
    "rooms": "das kleine Zimmer",
    "valid_from": in_days(7).isoformat(),
    "valid_until": "",
    "reason": "Meine Tochter ist ausgezogen, das Zimmer steht leer.",
    "with_household": "nein",
}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"subtenant_name": ""}, "Bitte nennen Sie den Namen der Untermietpartei."),
        ({"subtenant_name": "\x00"}, "Bitte nennen Sie den Namen der Untermietpartei."),
        ({"valid_from": in_days(-1).isoformat()}, "Der Beginn liegt in der Vergangenheit."),
        ({"valid_until": in_days(3).isoformat()}, "Das Ende liegt vor dem Beginn."),
        ({"valid_from": "31.02.2027"}, "Bitte ein gültiges Datum eingeben."),
        ({"reason": "   "}, "Bitte nennen Sie Ihren Grund."),
    ],
)
def test_a_sublet_request_with_wrong_input_is_refused_and_nothing_stored(tenant, change, message):
    answer = client_for(tenant.user).post(reverse("portal:permit_sublet"), {**SUBLET, **change})
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not Process.objects.exists()


def test_a_nul_byte_inside_a_name_is_dropped_not_stored(tenant):
    answer = client_for(tenant.user).post(
        reverse("portal:permit_sublet"), {**SUBLET, "subtenant_name": "Jonas\x00 Weber"}
    )
    assert answer.status_code == 302
    assert services.request_of(Process.objects.get())["subtenant_name"] == "Jonas Weber"


def test_a_service_call_with_a_past_start_is_refused(tenant):
    from processes.errors import ProcessError

    with pytest.raises(ProcessError):
        services.request_sublet(
            party=tenant, subtenant_name="X", rooms="Zimmer", valid_from=in_days(-3), reason="Grund"
        )
    assert not Process.objects.exists()


@pytest.mark.parametrize(
    "animal, message",
    [
        ({"animal": ""}, "Bitte wählen Sie, welches Tier Sie halten möchten."),
        ({"animal": "lion"}, "Bitte eine gültige Auswahl treffen."),
        ({"animal": "dog", "size": ""}, "Bitte geben Sie an, wie groß der Hund ist."),
        ({"animal": "cat", "description": ""}, "Bitte nennen Sie die Rasse oder beschreiben Sie das Tier."),
        ({"animal": "cat", "count": "0"}, "Bitte geben Sie mindestens 1 an."),
        ({"animal": "cat", "count": "99"}, "Höchstens 10 Tiere je Antrag."),
    ],
)
def test_an_animal_request_with_wrong_input_is_refused(tenant, animal, message):
    data = {"animal": "dog", "description": "Dackel", "count": "1", "size": "small", **animal}
    answer = client_for(tenant.user).post(reverse("portal:permit_animal"), data)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not Process.objects.exists()


@pytest.fixture
def asked(tenant):
    return services.request_sublet(
        party=tenant,
        subtenant_name="Jonas Weber",
        rooms="das kleine Zimmer",
        valid_from=in_days(7),
        reason="Meine Tochter ist ausgezogen.",
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"outcome": "no", "reason": ""}, "Bitte begründen Sie die Ablehnung"),
        ({"outcome": "yes_with_conditions", "conditions": ""}, "Bitte nennen Sie die Auflagen"),
        ({"outcome": "yes_with_conditions", "surcharge": "-5"}, "mindestens 0,01 € betragen"),
        ({"outcome": "maybe"}, "Bitte eine gültige Auswahl treffen."),
        ({"outcome": "no", "reason": "\x00"}, "Bitte begründen Sie die Ablehnung"),
    ],
)
def test_a_decision_without_its_reason_or_conditions_is_refused(asked, case_worker, data, message):
    answer = client_for(case_worker).post(
        reverse("backoffice:permit_decide", args=[asked.ticket.reference]), {"version": asked.version, **data}
    )
    assert answer.status_code == 400
    assert message in answer.content.decode()
    asked.refresh_from_db()
    assert asked.current_step.template.code == "decision" and not Permit.objects.exists()


def test_a_stale_decision_page_is_refused(asked, case_worker):
    answer = client_for(case_worker).post(
        reverse("backoffice:permit_decide", args=[asked.ticket.reference]),
        {"version": asked.version - 1, "outcome": "yes"},
    )
    assert answer.status_code == 409
    assert not Permit.objects.exists()


def test_a_revocation_needs_its_reason(asked, case_worker):
    services.decide(asked, actor=Actor.for_user(case_worker), outcome="yes")
    answer = client_for(case_worker).post(
        reverse("backoffice:permit_revoke", args=[asked.ticket.reference]), {"reason": "  "}
    )
    assert answer.status_code == 400
    assert "Bitte begründen Sie den Widerruf" in answer.content.decode()
    assert Permit.objects.get().is_in_force()


def test_another_tenants_request_is_not_found(asked, other_tenant):
    client = client_for(other_tenant.user)
    reference = asked.ticket.reference
    assert client.get(reverse("portal:permit", args=[reference])).status_code == 404
    assert client.get(reverse("portal:permit", args=[reference + "X"]).replace("X", "%00")).status_code == 404
    assert client.get(reverse("portal:permit", args=["2026-999999"])).status_code == 404
    assert reference not in client.get(reverse("portal:processes")).content.decode()


def test_the_page_of_another_kind_of_process_is_not_a_permit_page(asked, tenant, case_worker):
    from processes.models import ProcessTemplate

    assert ProcessTemplate.objects.filter(code="untervermietung").exists()
    client = client_for(case_worker)
    assert client.get(reverse("backoffice:permit_case", args=["2026-999999"])).status_code == 404
