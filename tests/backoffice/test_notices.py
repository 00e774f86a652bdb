import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from estate.models import NoticePost
from tests.factories import NoticePostFactory, PropertyFactory

NOTICES = reverse("backoffice:notices")


@pytest.fixture
def editor(staff_client, case_worker):
    case_worker.user_permissions.add(Permission.objects.get(codename="change_noticepost"))
    return staff_client


def test_staff_without_the_permission_get_404(staff_client):
    notice = NoticePostFactory()
    assert staff_client.get(NOTICES).status_code == 404
    assert staff_client.get(reverse("backoffice:notice_edit", args=[notice.pk])).status_code == 404
    assert staff_client.post(reverse("backoffice:notice_end", args=[notice.pk])).status_code == 404


def test_create_a_notice_for_a_property(editor, case_worker):
    prop = PropertyFactory()
    data = {
        "property": prop.pk,
        "title": "Wasserabstellung",
        "body": "Am Dienstag wird das Wasser abgestellt.\n\nBitte Wasser vorrätig halten.",
        "published_at": "2030-05-01T08:00",
        "expires_at": "2030-05-08T18:00",
    }
    assert editor.post(reverse("backoffice:notice_new"), data).status_code == 302
    notice = NoticePost.objects.get()
    assert (notice.property, notice.created_by, notice.title) == (prop, case_worker, "Wasserabstellung")
    assert timezone.localtime(notice.published_at).hour == 8


def test_period_ending_before_it_starts_is_refused(editor):
    data = {"title": "X", "body": "Y", "published_at": "2030-05-08T08:00", "expires_at": "2030-05-01T08:00"}
    response = editor.post(reverse("backoffice:notice_new"), data)
    assert response.status_code == 400
    assert "Das Ende liegt vor dem Beginn." in response.content.decode()
    assert not NoticePost.objects.exists()


def test_ending_a_notice_takes_it_off_the_board_but_keeps_it(editor):
    notice = NoticePostFactory(title="Treppenhausreinigung")
    NoticePostFactory(title="Mülltonnen neu aufgestellt")
    assert NoticePost.objects.current().filter(pk=notice.pk).exists()
    assert editor.post(reverse("backoffice:notice_end", args=[notice.pk])).status_code == 302
    assert not NoticePost.objects.current().filter(pk=notice.pk).exists()
    assert "Treppenhausreinigung" in editor.get(NOTICES, {"zeitraum": "beendet"}).content.decode()
    current = editor.get(NOTICES)
    assert current.status_code == 200
    assert "Mülltonnen neu aufgestellt" in current.content.decode()
    assert "Treppenhausreinigung" not in current.content.decode()


def test_list_filters_by_property_number(editor):
    NoticePostFactory(title="Hier", property=PropertyFactory(code="WE4711"))
    NoticePostFactory(title="Dort", property=PropertyFactory(code="WE0815"))
    page = editor.get(NOTICES, {"liegenschaft": "we4711"}).content.decode()
    assert "Hier" in page and "Dort" not in page


@pytest.mark.pdf
def test_stairwell_sheet_is_a_pdf(editor):
    notice = NoticePostFactory(
        property=PropertyFactory(), title="Aufzugswartung", body="Absatz eins.\n\nZwei."
    )
    response = editor.get(reverse("backoffice:notice_sheet", args=[notice.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_notice_for_all_properties_has_no_sheet(editor):
    notice = NoticePostFactory(property=None)
    assert editor.get(reverse("backoffice:notice_sheet", args=[notice.pk])).status_code == 404


def test_list_query_count_is_the_same_for_1_and_50_rows(editor, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            NoticePostFactory(property=PropertyFactory(), published_at=timezone.now() - dt.timedelta(days=1))

    add(1)
    editor.get(NOTICES)
    with django_assert_num_queries(5) as one:
        editor.get(NOTICES)
    add(49)
    with django_assert_num_queries(len(one.captured_queries)):
        page = editor.get(NOTICES).content.decode()
    assert page.count("Aushang drucken (PDF)") == 50
