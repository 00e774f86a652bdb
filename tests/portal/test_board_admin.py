"""Staff put up notices and tenants' documents through the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from estate.models import Document, NoticePost
from tests.factories import DocumentFactory, NoticePostFactory, PropertyFactory

pytestmark = pytest.mark.django_db


def test_staff_create_a_notice_and_are_recorded_as_its_author(admin_client, admin_user):
    prop = PropertyFactory()
    response = admin_client.post(
        reverse("admin:estate_noticepost_add"),
        {
            "property": prop.pk,
            "title": "Treppenhausreinigung",
            "body": "Ab Montag reinigt eine neue Firma das Treppenhaus.",
            "published_at_0": "01.01.2026",
            "published_at_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = NoticePost.objects.get()
    assert (notice.property, notice.created_by) == (prop, admin_user)


def test_staff_upload_a_document_for_a_tenant(admin_client, tenant, media):
    response = admin_client.post(
        reverse("admin:estate_document_add"),
        {
            "party": tenant.pk,
            "kind": "betriebskosten",
            "title": "Betriebskostenabrechnung 2025",
            "file": SimpleUploadedFile("bk.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
            "created_at_0": "01.03.2026",
            "created_at_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.get(party=tenant).content_type == "application/pdf"


@pytest.mark.parametrize(
    ("name", "factory", "query"),
    [
        ("estate_noticepost_changelist", NoticePostFactory, "?visible=current&q=Wasser"),
        ("estate_document_changelist", DocumentFactory, "?kind=betriebskosten&q=Betriebskosten"),
    ],
)
def test_admin_lists_filter_search_and_cost_the_same_queries_at_1_and_50(
    admin_client, media, django_assert_num_queries, django_assert_max_num_queries, name, factory, query
):
    url = reverse(f"admin:{name}") + query
    row = factory()
    with django_assert_max_num_queries(12) as one:
        first = admin_client.get(url)
    assert first.status_code == 200
    assert row.title in first.content.decode()
    factory.create_batch(49)
    with django_assert_num_queries(len(one.captured_queries)):
        assert admin_client.get(url).status_code == 200
