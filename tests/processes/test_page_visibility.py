"""Each role × each step × each page: the step is seen, hidden, or the page is a 404. Nothing of a
process shows to someone without a role in it, and the accused never sees the complaint."""

import pytest
from django.urls import reverse

from processes import engine
from tests.factories import StaffFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db

STEPS = {
    "complaint_form": "Beschwerde erfassen",
    "nuisance_log": "Störungsprotokoll auswerten",
    "talk": "Gespräch",
    "warning": "Abmahnung",
    "mediation": "Mediation",
    "legal": "Rechtliche Schritte",
}
ALL = set(STEPS)
# role -> page -> the steps shown, or 404 (the case has reached the talk)
SEEN = {
    "complainant": {"portal": ALL, "backoffice": 404},
    # the accused reads a stage once it is reached, never the complaint and the log
    "accused": {"portal": {"talk"}, "backoffice": 404},
    "outsider": {"portal": 404, "backoffice": 404},
    "case_worker": {"portal": 404, "backoffice": ALL},  # staff have no portal of their own
    "other_staff": {"portal": 404, "backoffice": 404},  # the case is confidential
}
PAGES = {"portal": "portal:process", "backoffice": "backoffice:process"}


@pytest.fixture
def nuisance(templates, tenant, neighbour, case_worker):
    process = engine.start(
        "nachbarschaftsstoerung",
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"complainant": tenant, "accused": neighbour},
    )
    engine.complete(process, "complaint_form", actor=Actor.for_party(tenant), data={"what": "Bass bis 3 Uhr"})
    process.ticket.restricted_to = case_worker
    process.ticket.save()
    engine.complete(process, "nuisance_log", actor=Actor.for_user(case_worker), outcome="escalate")
    return process


@pytest.fixture
def users(tenant, neighbour, outsider, case_worker):
    return {
        "complainant": tenant.user,
        "accused": neighbour.user,
        "outsider": outsider.user,
        "case_worker": case_worker,
        "other_staff": StaffFactory(),
    }


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", list(SEEN))
def test_each_role_sees_its_steps_on_each_page(client, nuisance, users, role, page):
    client.force_login(users[role])
    response = client.get(reverse(PAGES[page], args=[nuisance.ticket.reference]))
    expected = SEEN[role][page]
    if expected == 404:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    text = response.content.decode()
    for code, name in STEPS.items():
        assert (name in text) is (code in expected), (role, page, code)


def test_the_accused_never_reads_who_complained_or_what(client, nuisance, users, tenant):
    client.force_login(users["accused"])
    for url in (reverse("portal:processes"), reverse("portal:process", args=[nuisance.ticket.reference])):
        text = client.get(url).content.decode()
        assert tenant.display_name not in text
        assert tenant.last_name not in text
        assert "Bass bis 3 Uhr" not in text
    # Nor through the ticket itself.
    assert client.get(reverse("portal:ticket", args=[nuisance.ticket.reference])).status_code == 404


def test_my_processes_lists_the_role(client, nuisance, users):
    client.force_login(users["accused"])
    text = client.get(reverse("portal:processes")).content.decode()
    # The accused reads that a complaint concerns them, not that they are accused.
    assert "Nachbarschaftsstörung" in text and "von einer Beschwerde betroffen" in text
    assert "Beschuldigte Partei" not in text
    client.force_login(users["outsider"])
    text = client.get(reverse("portal:processes")).content.decode()
    assert reverse("portal:process", args=[nuisance.ticket.reference]) not in text
    assert "von einer Beschwerde betroffen" not in text


@pytest.mark.parametrize("rows", [1, 20])
def test_portal_pages_run_a_fixed_number_of_queries(
    client, templates, tenant, rows, django_assert_num_queries
):
    for _ in range(rows):
        process = engine.start(
            "bauliche_veraenderung", actor=Actor.system(), reporter_party=tenant, parties={"tenant": tenant}
        )
    client.force_login(tenant.user)
    with django_assert_num_queries(4):  # session, user with party, caretaker menu, the rows
        client.get(reverse("portal:processes"))
    with django_assert_num_queries(6):  # session, user with party, caretaker menu, process, roles, steps
        client.get(reverse("portal:process", args=[process.ticket.reference]))


def test_a_talk_is_not_offered_as_inspection_times(client, nuisance, users):
    """The talk is an appointment step, but no inspection follows it: neither page links the booking."""
    reference = nuisance.ticket.reference
    client.force_login(users["case_worker"])
    staff_page = client.get(reverse("backoffice:process", args=[reference])).content.decode()
    assert "Gespräch" in staff_page and "Termine anbieten und buchen" not in staff_page
    client.force_login(users["complainant"])
    resident_page = client.get(reverse("portal:process", args=[reference])).content.decode()
    assert reverse("portal:inspection_booking", args=[reference]) not in resident_page


def test_a_reference_with_a_nul_byte_is_no_such_process(client, users):
    client.force_login(users["case_worker"])
    assert client.get("/backoffice/kuendigungen/2026-%00000001/").status_code == 404
