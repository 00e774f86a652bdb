import pytest
from django.urls import reverse

from privacy.exports import export_build
from privacy.models import DataExport

pytestmark = pytest.mark.django_db


def test_staff_with_permission_produce_a_logged_export(
    client, privacy_officer, tenant, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("privacy.exports._enqueue_build", lambda export_id: None)
    client.force_login(privacy_officer)
    page = client.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    assert reverse("backoffice:person_exports", args=[tenant.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:person_exports", args=[tenant.pk]), {"note": "Schreiben vom 3. März"}
        )
    assert response.status_code == 302
    export = DataExport.objects.get()
    assert (export.channel, export.requested_by, export.produced_by) == (
        "staff",
        privacy_officer,
        privacy_officer,
    )
    export_build(export_id=export.pk)
    response = client.get(reverse("backoffice:export_download", args=[export.pk]))
    assert response.status_code == 200
    log = client.get(reverse("backoffice:person_exports", args=[tenant.pk])).content.decode()
    assert "Schreiben vom 3. März" in log


def test_staff_without_permission_get_404(client, case_worker, tenant):
    client.force_login(case_worker)
    assert client.get(reverse("backoffice:person_exports", args=[tenant.pk])).status_code == 404
    assert (
        client.post(reverse("backoffice:person_exports", args=[tenant.pk]), {"note": "x"}).status_code == 404
    )
    assert not DataExport.objects.exists()


def test_tenant_cannot_download_a_staff_export_of_someone_else(client, privacy_officer, tenant, other_tenant):
    export = DataExport.objects.create(
        party=tenant, channel="staff", state="confirmed", requested_by=privacy_officer
    )
    export_build(export_id=export.pk)
    client.force_login(other_tenant.user)
    assert client.get(reverse("portal:privacy_export_download", args=[export.pk])).status_code == 404
    assert client.get(reverse("backoffice:export_download", args=[export.pk])).status_code in (302, 404)
