from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import CategoryFactory
from tickets.workspace import TextBlock

from .factories import TextBlockFactory

ACCOUNT = reverse("backoffice:account")


def test_signature_is_saved_from_my_account(staff_client, case_worker):
    assert staff_client.get(ACCOUNT).status_code == 200
    response = staff_client.post(ACCOUNT, {"signature": "Mit freundlichen Grüßen\nSabine S.\n"})
    assert response.status_code == 302
    case_worker.refresh_from_db()
    assert case_worker.signature == "Mit freundlichen Grüßen\nSabine S."


def test_text_block_pages_need_the_permission(staff_client):
    block = TextBlockFactory()
    assert staff_client.get(reverse("backoffice:text_blocks")).status_code == 404
    assert staff_client.get(reverse("backoffice:text_block_edit", args=[block.pk])).status_code == 404
    queue = staff_client.get(reverse("backoffice:queue"))
    assert queue.status_code == 200
    assert "Arbeitskorb" in queue.content.decode()
    assert "Textbausteine" not in queue.content.decode()


def test_text_blocks_are_created_and_changed_in_the_back_office(staff_client, case_worker):
    case_worker.user_permissions.add(Permission.objects.get(codename="change_textblock"))
    category = CategoryFactory()
    data = {
        "title": "Eingangsbestätigung",
        "code": "eingang",
        "category": category.pk,
        "body_de": "{salutation},\n\nwir haben Ihre Meldung {reference} erhalten.",
        "body_en": "",
        "body_nl": "",
        "position": 1,
        "active": "on",
    }
    assert staff_client.post(reverse("backoffice:text_block_new"), data).status_code == 302
    block = TextBlock.objects.get()
    assert block.category == category
    response = staff_client.post(
        reverse("backoffice:text_block_edit", args=[block.pk]), {**data, "title": "Bestätigung"}
    )
    assert response.status_code == 302
    assert "Bestätigung" in staff_client.get(reverse("backoffice:text_blocks")).content.decode()


def test_text_block_list_query_count_is_the_same_for_1_and_50_rows(
    staff_client, case_worker, django_assert_num_queries
):
    case_worker.user_permissions.add(Permission.objects.get(codename="change_textblock"))
    TextBlockFactory(category=CategoryFactory())
    url = reverse("backoffice:text_blocks")
    staff_client.get(url)
    with django_assert_num_queries(5) as one:
        staff_client.get(url)
    for _ in range(49):
        TextBlockFactory(category=CategoryFactory())
    with django_assert_num_queries(len(one.captured_queries)):
        assert staff_client.get(url).content.decode().count("/textbausteine/") >= 50
