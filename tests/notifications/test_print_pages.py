"""Back-office print batch pages: only staff with the print permission, fixed query counts, the progress
block htmx polls, the PDF behind the permission, "posted" by POST."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from notifications import printing
from notifications.models import PrintBatch
from tests.factories import StaffFactory
from tests.letters.factories import LetterFactory


@pytest.fixture
def printer(db):
    user = StaffFactory(first_name="Paula", last_name="Poststelle")
    user.user_permissions.add(Permission.objects.get(codename="run_print_batch"))
    return user


@pytest.fixture
def printer_client(client, printer):
    client.force_login(printer)
    return client


def _batch(letters: int = 1, render: bool = False) -> PrintBatch:
    for _ in range(letters):
        LetterFactory()
    batch = printing.print_batch_create(enqueue=False)
    if render:
        assert printing.print_batch_render(batch_id=batch.pk)
        batch.refresh_from_db()
    return batch


def test_staff_without_the_permission_and_others_batches_get_404(client, case_worker):
    batch = _batch()
    client.force_login(case_worker)

    assert client.get(reverse("backoffice:print_batches")).status_code == 404
    assert client.post(reverse("backoffice:print_batch_create")).status_code == 404
    assert client.get(reverse("backoffice:print_batch", args=[batch.pk])).status_code == 404
    assert client.get(reverse("backoffice:print_batch_pdf", args=[batch.pk])).status_code == 404
    assert client.post(reverse("backoffice:print_batch_posted", args=[batch.pk])).status_code == 404


def test_tenant_gets_404_and_anonymous_is_sent_to_sign_in(client, tenant):
    batch = _batch()
    assert client.get(reverse("backoffice:print_batch", args=[batch.pk])).status_code == 302
    client.force_login(tenant.user)
    assert client.get(reverse("backoffice:print_batches")).status_code == 404
    assert client.get(reverse("backoffice:print_batch_pdf", args=[batch.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_list_runs_a_fixed_number_of_queries(printer_client, printer, rows, django_assert_num_queries):
    for _ in range(rows):
        PrintBatch.objects.create(created_by=printer, letter_count=3)

    # session, user, the user's and the groups' permissions, waiting letters, batch count, batch page
    with django_assert_num_queries(7):
        response = printer_client.get(reverse("backoffice:print_batches"))
    assert response.status_code == 200
    assert "Neuen Druckstapel erstellen" in response.text


@pytest.mark.parametrize("letters", [1, 50])
def test_batch_page_runs_a_fixed_number_of_queries(printer_client, letters, django_assert_num_queries):
    batch = _batch(letters)

    # session, user, batch, the user's and the groups' permissions, letters with their tickets
    with django_assert_num_queries(6):
        response = printer_client.get(reverse("backoffice:print_batch", args=[batch.pk]))
    assert response.text.count("<tr>") == letters + 1


def test_creating_a_batch_gathers_the_waiting_letters(
    printer_client, printer, django_capture_on_commit_callbacks
):
    letter = LetterFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        response = printer_client.post(reverse("backoffice:print_batch_create"))

    batch = PrintBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("backoffice:print_batch", args=[batch.pk])
    assert batch.created_by == printer and batch.items.get().message == letter
    assert len(callbacks) == 1  # the render is queued after commit
    assert printer_client.get(reverse("backoffice:print_batch_create")).status_code == 405


def test_nothing_to_print_says_so(printer_client):
    response = printer_client.post(reverse("backoffice:print_batch_create"), follow=True)

    assert "Zurzeit warten keine Briefe auf den Druck." in response.text
    assert not PrintBatch.objects.exists()


@pytest.mark.pdf
def test_progress_fragment_polls_while_rendering_and_stops_when_done(printer_client):
    batch = _batch(2)
    url = reverse("backoffice:print_batch", args=[batch.pk])
    PrintBatch.objects.filter(pk=batch.pk).update(state=PrintBatch.State.RENDERING, progress=1)

    running = printer_client.get(url, headers={"HX-Request": "true"})
    assert running.text.lstrip().startswith('<section id="batch-progress"')
    assert 'hx-trigger="every 2s"' in running.text and "1 von 2 Briefen gedruckt" in running.text
    page = printer_client.get(url)
    assert '<meta http-equiv="refresh" content="5">' in page.text  # inside <noscript>
    assert "Seite neu laden" in page.text

    assert printing.print_batch_render(batch_id=batch.pk)
    done = printer_client.get(url, headers={"HX-Request": "true"})
    assert "hx-trigger" not in done.text
    assert reverse("backoffice:print_batch_pdf", args=[batch.pk]) in done.text
    assert "Als versendet markieren" in done.text


@pytest.mark.pdf
def test_pdf_download_and_marked_posted(printer_client):
    batch = _batch(render=True)

    response = printer_client.get(reverse("backoffice:print_batch_pdf", args=[batch.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    printer_client.post(reverse("backoffice:print_batch_posted", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == PrintBatch.State.POSTED
