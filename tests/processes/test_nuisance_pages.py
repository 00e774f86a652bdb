"""A nuisance case on every page it touches. The accused, page by page, sees nothing of the complainant
(name, home, complaint, log); the complainant forms the case and keeps the log; staff name the accused
and write the letters; the accused's 360° view shows the case."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.process_mail import cases
from privacy.export_data import export_content
from processes import engine, nuisance
from tickets.actors import Actor

pytestmark = pytest.mark.django_db

COMPLAINT = "Jede Nacht Bohrmaschine und Hämmern gegen die Wand, das Kind wacht jedes Mal auf."
LOG_TEXT = "Schon wieder Hämmern um Mitternacht, diesmal fast eine Stunde lang durchgehend."
NEIGHBOUR_HINT = "Wohnung gegenüber, 2. Etage"


@pytest.fixture
def case(templates, tenant, neighbour, case_worker):
    process = nuisance.complaint_submit(
        party=tenant,
        facts={
            "kind": "laerm",
            "times": ["nachts"],
            "frequency": "taeglich",
            "since": timezone.localdate() - dt.timedelta(days=20),
            "spoke_to_neighbour": False,
            "neighbour": NEIGHBOUR_HINT,
        },
        description=COMPLAINT,
    )
    nuisance.log_add(process, party=tenant, occurred_on=timezone.localdate(), description=LOG_TEXT)
    staff = Actor.for_user(case_worker)
    nuisance.accused_set(process, actor=staff, party=neighbour)
    engine.complete(process, "nuisance_log", actor=staff, outcome="escalate")
    process.refresh_from_db()
    cases.accused_letter(
        process,
        stage="talk",
        actor=staff,
        day=timezone.localdate() + dt.timedelta(days=5),
        time=dt.time(16),
        where="Geschäftsstelle",
    )
    return process


def secrets_of(tenant) -> list[str]:
    unit = tenant.tenancies.get().unit
    return [
        tenant.last_name,
        tenant.first_name,
        "Bohrmaschine",
        "Hämmern",
        "Mitternacht",
        NEIGHBOUR_HINT,
        f"({unit.number})",
    ]


ACCUSED_PAGES = {
    "portal home": lambda case: reverse("portal:home"),
    "my tickets": lambda case: reverse("portal:my_tickets"),
    "building tickets": lambda case: reverse("portal:building_tickets"),
    "my processes": lambda case: reverse("portal:processes"),
    "process page": lambda case: reverse("portal:process", args=[case.ticket.reference]),
    "nuisance page": lambda case: reverse("portal:nuisance", args=[case.ticket.reference]),
    "documents": lambda case: reverse("portal:documents"),
    "data export page": lambda case: reverse("portal:privacy_export"),
}


@pytest.mark.parametrize("page", list(ACCUSED_PAGES))
def test_the_accused_sees_nothing_of_the_complainant_on_any_page(client, case, tenant, neighbour, page):
    client.force_login(neighbour.user)
    response = client.get(ACCUSED_PAGES[page](case))
    assert response.status_code == 200
    text = response.content.decode()
    for secret in secrets_of(tenant):
        assert secret not in text, (page, secret)


def test_the_accused_gets_404_on_the_complainants_ticket(client, case, neighbour):
    client.force_login(neighbour.user)
    assert client.get(reverse("portal:ticket", args=[case.ticket.reference])).status_code == 404
    assert client.post(reverse("portal:ticket_reply", args=[case.ticket.reference])).status_code == 404
    log = reverse("portal:nuisance_log", args=[case.ticket.reference])
    assert client.post(log, {"occurred_on": "2026-01-01", "description": "x"}).status_code == 404


def test_the_accused_data_export_holds_nothing_of_the_complainant(case, tenant, neighbour):
    text = str(export_content(neighbour).data)
    for secret in secrets_of(tenant):
        assert secret not in text, secret


def test_the_accused_reads_the_letter_addressed_to_them_and_no_other(client, case, tenant, neighbour):
    letter = OutboxMessage.objects.get(kind="nuisance_talk")
    url = reverse("portal:case_letter", args=[case.ticket.reference, letter.pk])
    client.force_login(tenant.user)
    assert client.get(url).status_code == 404  # addressed to the accused, not the complainant
    client.force_login(neighbour.user)
    page = client.get(reverse("portal:nuisance", args=[case.ticket.reference])).content.decode()
    assert url in page and "Einladung zu einem Gespräch" in page


@pytest.mark.pdf
def test_the_letter_pdf_opens_for_the_accused(client, case, neighbour):
    letter = OutboxMessage.objects.get(kind="nuisance_talk")
    client.force_login(neighbour.user)
    response = client.get(reverse("portal:case_letter", args=[case.ticket.reference, letter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_an_outsider_gets_404_on_every_page_of_the_case(client, case, outsider):
    client.force_login(outsider.user)
    for name in ("portal:nuisance", "portal:process", "portal:ticket"):
        assert client.get(reverse(name, args=[case.ticket.reference])).status_code == 404


@pytest.mark.parametrize(
    "language, words",
    [("en", ["Noise", "My nuisance log"]), ("nl", ["Geluidsoverlast", "Mijn overlastdagboek"])],
)
def test_the_complainant_sees_facts_and_log_in_their_language(client, case, tenant, language, words):
    client.force_login(tenant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = client.get(reverse("portal:nuisance", args=[case.ticket.reference])).content.decode()
    assert LOG_TEXT in text and COMPLAINT in text
    for word in words:
        assert word in text


@pytest.mark.parametrize("language, word", [("en", "Letters we sent you"), ("nl", "Onze brieven aan u")])
def test_the_accused_reads_their_page_in_their_language(client, case, neighbour, language, word):
    client.force_login(neighbour.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = client.get(reverse("portal:nuisance", args=[case.ticket.reference])).content.decode()
    assert word in text


def test_the_complaint_form_refuses_missing_facts_with_a_clear_message(client, templates, tenant):
    client.force_login(tenant.user)
    response = client.post(reverse("portal:nuisance_complaint"), {"kind": "laerm", "description": "Laut."})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Bitte wählen Sie mindestens eine Tageszeit." in text
    assert "Bitte antworten Sie mit Ja oder Nein." in text
    assert not tenant.reported_tickets.exists()


def test_the_complaint_form_starts_the_case(client, templates, tenant):
    client.force_login(tenant.user)
    response = client.post(
        reverse("portal:nuisance_complaint"),
        {
            "kind": "geruch",
            "times": ["abends", "wochenende"],
            "frequency": "woechentlich",
            "since": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
            "neighbour": "Erdgeschoss links",
            "spoke": "no",
            "description": "Es riecht stark nach Rauch im Treppenhaus.",
        },
    )
    ticket = tenant.reported_tickets.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/nachbarschaft/{ticket.reference}/")
    assert ticket.process.data["complaint"]["times"] == ["abends", "wochenende"]


def test_a_log_entry_in_the_future_is_refused_and_nothing_is_stored(client, case, tenant):
    client.force_login(tenant.user)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("portal:nuisance_log", args=[case.ticket.reference]),
        {"occurred_on": tomorrow, "description": "Noch nicht passiert."},
    )
    assert response.status_code == 400
    assert "Das Datum liegt in der Zukunft." in response.content.decode()
    assert case.nuisance_log.count() == 1


def test_the_case_worker_works_the_case_on_their_page(client, case, tenant, neighbour, case_worker):
    client.force_login(case_worker)
    text = client.get(reverse("backoffice:nuisance_case", args=[case.ticket.reference])).content.decode()
    assert LOG_TEXT in text and COMPLAINT in text and neighbour.display_name in text
    assert "Einladung zu einem Gespräch" in text
    process_page = client.get(reverse("backoffice:process", args=[case.ticket.reference])).content.decode()
    assert reverse("backoffice:nuisance_case", args=[case.ticket.reference]) in process_page


def test_a_warning_naming_the_complainant_is_refused_on_the_staff_page(client, case, tenant, case_worker):
    engine.complete(case, "talk", actor=Actor.for_user(case_worker), outcome="escalate")
    client.force_login(case_worker)
    url = reverse("backoffice:nuisance_letter", args=[case.ticket.reference, "warning"])
    response = client.post(url, {"text": f"Frau {tenant.last_name} wird nachts gestört."})
    assert response.status_code == 400
    assert "nennt die beschwerdeführende Person" in response.content.decode()
    assert not OutboxMessage.objects.filter(kind="nuisance_warning").exists()
    response = client.post(url, {"text": "Lautes Hämmern in der Nachtruhe, mehrmals pro Woche."})
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(kind="nuisance_warning", recipient_party__isnull=False).count() == 1


def test_staff_name_the_accused_by_search(client, templates, tenant, neighbour, case_worker):
    process = nuisance.complaint_submit(
        party=tenant,
        facts={
            "kind": "muell",
            "times": ["morgens"],
            "frequency": "einmalig",
            "since": timezone.localdate(),
            "spoke_to_neighbour": True,
            "neighbour": "oben",
        },
        description="Müllsäcke vor meiner Tür.",
    )
    client.force_login(case_worker)
    page = reverse("backoffice:nuisance_case", args=[process.ticket.reference])
    text = client.get(page, {"q": neighbour.last_name}).content.decode()
    assert f'value="{neighbour.pk}"' in text and f'value="{tenant.pk}"' not in text
    post = reverse("backoffice:nuisance_accused", args=[process.ticket.reference])
    assert client.post(post, {"party": "abc"}).status_code == 400
    assert client.post(post, {"party": str(tenant.pk)}).status_code == 400
    assert client.post(post, {"party": str(neighbour.pk)}).status_code == 302
    assert nuisance.accused_of(process) == neighbour


def test_the_accused_360_view_shows_the_case(client, case, neighbour, case_worker):
    client.force_login(case_worker)
    text = client.get(reverse("backoffice:person", args=[neighbour.pk])).content.decode()
    assert case.ticket.reference in text and "Beschuldigte Partei" in text


def test_the_ticket_of_a_case_is_not_on_the_building_board(client, case, tenant, other_tenant):
    # other_tenant is the accused here and lives in the same building: the board lists public tickets only.
    client.force_login(other_tenant.user)
    text = client.get(reverse("portal:building_tickets")).content.decode()
    assert case.ticket.reference not in text


@pytest.mark.parametrize(
    "language, words",
    [("en", ["Complaint", "Nuisance log", "Accused party"]), ("nl", ["Klacht", "Overlastdagboek"])],
)
def test_the_case_worker_reads_the_case_and_the_360_view_in_their_language(
    client, case, neighbour, case_worker, language, words
):
    case_worker.language = language
    case_worker.save()
    client.force_login(case_worker)
    text = client.get(reverse("backoffice:nuisance_case", args=[case.ticket.reference])).content.decode()
    for word in words:
        assert word in text, word
    person = client.get(reverse("backoffice:person", args=[neighbour.pk])).content.decode()
    assert case.ticket.reference in person and "Beschuldigte Partei" not in person


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_log_pages_cost_the_same_queries_at_one_entry_and_at_thirty(client, case, tenant, case_worker):
    portal = reverse("portal:nuisance", args=[case.ticket.reference])
    staff = reverse("backoffice:nuisance_case", args=[case.ticket.reference])
    client.force_login(tenant.user)
    few = _queries(client, portal)
    client.force_login(case_worker)
    _queries(client, staff)  # the first page of a session reads what the next ones find in the cache
    few_staff = _queries(client, staff)
    for day in range(29):
        nuisance.log_add(
            case, party=tenant, occurred_on=timezone.localdate() - dt.timedelta(days=day), description="Laut."
        )
    client.force_login(tenant.user)
    assert _queries(client, portal) == few
    client.force_login(case_worker)
    assert _queries(client, staff) == few_staff
