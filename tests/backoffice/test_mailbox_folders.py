"""Folders, the archive and the read log of the mailbox: folders only for those with the right, mail
moved out of the inbox and back, who read and answered a mail, and lists in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import sync_roles
from notifications.models import InboundMail, MailFolder, MailRead
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
_count = iter(range(10_000))


def _mail(**fields) -> InboundMail:
    n = next(_count)
    values = {"message_id": f"<f{n}@example.org>", "from_address": "nachbar@example.org", "subject": "Hof"}
    return InboundMail.objects.create(**{**values, "body_text": "Im Hof steht Wasser.", **fields})


@pytest.fixture
def lead_client(client):
    sync_roles()  # as a release does: the role's permissions include those that came later
    client.force_login(StaffFactory(roles=["Teamleitung"]))
    return client


def test_a_case_worker_without_the_right_gets_404_on_create(staff_client):
    url = reverse("backoffice:mailbox_folder_new")
    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url, {"name": "Versicherung"}).status_code == 404
    assert not MailFolder.objects.exists()
    assert "Neuer Ordner" not in staff_client.get(reverse("backoffice:mailbox")).content.decode()


def test_a_team_lead_creates_a_folder(lead_client):
    response = lead_client.post(reverse("backoffice:mailbox_folder_new"), {"name": "Versicherung"})
    folder = MailFolder.objects.get()
    assert response.url == reverse("backoffice:mailbox_folder", args=[folder.pk])
    assert folder.name == "Versicherung"


def test_a_mail_moved_into_a_folder_leaves_the_inbox_and_comes_back(staff_client):
    folder, mail = MailFolder.objects.create(name="Versicherung"), _mail(subject="Schadenmeldung")
    staff_client.post(reverse("backoffice:mailbox_move", args=[mail.pk]), {"folder": folder.pk})
    assert "Schadenmeldung" not in staff_client.get(reverse("backoffice:mailbox")).content.decode()
    in_folder = staff_client.get(reverse("backoffice:mailbox_folder", args=[folder.pk])).content.decode()
    assert "Schadenmeldung" in in_folder
    staff_client.post(reverse("backoffice:mailbox_move", args=[mail.pk]), {"folder": ""})
    assert "Schadenmeldung" in staff_client.get(reverse("backoffice:mailbox")).content.decode()


def test_filed_and_dismissed_mail_is_in_the_archive(staff_client):
    kept = _mail(subject="Erledigt")
    staff_client.post(reverse("backoffice:mailbox_dismiss", args=[kept.pk]))
    page = staff_client.get(reverse("backoffice:mailbox_archive")).content.decode()
    assert "Erledigt" in page and "abgelegt von Sabine Sachbearbeiterin" in page


def test_opening_a_mail_notes_who_read_it_once(staff_client, case_worker):
    mail = _mail()
    page = staff_client.get(reverse("backoffice:mailbox_mail", args=[mail.pk])).content.decode()
    first = MailRead.objects.get(mail=mail, user=case_worker)
    staff_client.get(reverse("backoffice:mailbox_mail", args=[mail.pk]))
    assert MailRead.objects.get(mail=mail, user=case_worker).read_at == first.read_at
    assert "Sabine Sachbearbeiterin" in page and "gelesen" in page
    inbox = staff_client.get(reverse("backoffice:mailbox")).content.decode()
    assert "Sabine Sachbearbeiterin: gelesen" in inbox


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _fill(rows: int, folder: MailFolder, reader) -> None:
    for _ in range(rows):
        for fields in ({}, {"folder": folder}, {"filed_by": reader}):
            MailRead.objects.create(mail=_mail(**fields), user=reader, read_at="2026-11-30T08:00Z")


@pytest.mark.parametrize("name", ["mailbox", "mailbox_folder", "mailbox_archive", "mailbox_sent"])
def test_lists_run_the_same_queries_for_1_and_50_mails(staff_client, case_worker, name):
    counts = []
    for rows in (1, 49):
        folder = MailFolder.objects.first() or MailFolder.objects.create(name="Versicherung")
        _fill(rows, folder, case_worker)
        url = reverse(f"backoffice:{name}", args=[folder.pk] if name == "mailbox_folder" else [])
        counts.append(_queries(staff_client, url))
    assert counts[0] == counts[1]
