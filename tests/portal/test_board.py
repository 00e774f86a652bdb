import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BankAccountFactory, DocumentFactory, NoticePostFactory

pytestmark = pytest.mark.django_db


def test_notice_board_shows_own_property_and_general_notices_only(tenant_client, unit):
    NoticePostFactory(property=unit.building.property, title="Wasserabstellung")
    NoticePostFactory(property=None, title="Neue Öffnungszeiten")
    NoticePostFactory(title="Fremdes Haus")
    NoticePostFactory(
        property=unit.building.property, title="Abgelaufen", expires_at=timezone.now() - dt.timedelta(days=1)
    )
    page = tenant_client.get(reverse("portal:notices")).content.decode()
    assert "Wasserabstellung" in page
    assert "Neue Öffnungszeiten" in page
    assert "Fremdes Haus" not in page
    assert "Abgelaufen" not in page


def test_notice_board_query_count_is_the_same_for_1_and_50(
    tenant_client, unit, django_assert_num_queries, django_assert_max_num_queries
):
    NoticePostFactory(property=unit.building.property)
    with django_assert_max_num_queries(7) as one:
        tenant_client.get(reverse("portal:notices"))
    NoticePostFactory.create_batch(49, property=unit.building.property)
    with django_assert_num_queries(len(one.captured_queries)):
        tenant_client.get(reverse("portal:notices"))


def test_documents_list_and_download_own_only(tenant_client, tenant, other_tenant, media):
    mine = DocumentFactory(party=tenant)
    theirs = DocumentFactory(party=other_tenant, title="Fremde Abrechnung")
    page = tenant_client.get(reverse("portal:documents")).content.decode()
    assert mine.title in page and "Fremde Abrechnung" not in page
    download = tenant_client.get(reverse("portal:document", args=[mine.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert tenant_client.get(reverse("portal:document", args=[theirs.pk])).status_code == 404


def test_my_data_shows_the_iban_masked(tenant_client, tenant):
    BankAccountFactory(party=tenant, iban="DE89370400440532013000")
    page = tenant_client.get(reverse("portal:my_data")).content.decode()
    assert "DE89 **** **** **** **30 00" in page
    assert "0532013000" not in page
