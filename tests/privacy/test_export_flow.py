import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from privacy.exports import export_build
from privacy.models import DataExport

pytestmark = pytest.mark.django_db


def _request_link(client, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:privacy_export_request"))
    assert response.status_code == 302
    body = mail.outbox[-1].body
    return re.search(r"https?://\S+/meine-daten/auskunft/bestaetigen/\S+/", body).group(0)


def _confirm(client, link, django_capture_on_commit_callbacks, monkeypatch) -> DataExport:
    monkeypatch.setattr("privacy.exports._enqueue_build", lambda export_id: None)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 302
    export = DataExport.objects.get(state=DataExport.State.CONFIRMED)
    assert export_build(export_id=export.pk)
    export.refresh_from_db()
    return export


def test_request_mails_a_fresh_link_to_the_tenants_address(
    tenant_client, tenant, django_capture_on_commit_callbacks
):
    _request_link(tenant_client, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == [tenant.email]
    assert DataExport.objects.get().state == DataExport.State.UNCONFIRMED


def test_opening_the_link_does_not_confirm(tenant_client, django_capture_on_commit_callbacks):
    link = _request_link(tenant_client, django_capture_on_commit_callbacks)
    response = tenant_client.get(link)
    assert response.status_code == 200
    assert b'<form method="post"' in response.content
    assert DataExport.objects.get().state == DataExport.State.UNCONFIRMED


def test_confirmed_export_is_built_and_downloaded_by_its_tenant(
    tenant_client, django_capture_on_commit_callbacks, monkeypatch
):
    link = _request_link(tenant_client, django_capture_on_commit_callbacks)
    export = _confirm(tenant_client, link, django_capture_on_commit_callbacks, monkeypatch)
    assert export.state == DataExport.State.READY
    assert export.contents["tenancies"] == 1
    response = tenant_client.get(reverse("portal:privacy_export_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"PK")
    export.refresh_from_db()
    assert export.downloads == 1


def test_confirmation_link_works_once(tenant_client, django_capture_on_commit_callbacks, monkeypatch):
    link = _request_link(tenant_client, django_capture_on_commit_callbacks)
    _confirm(tenant_client, link, django_capture_on_commit_callbacks, monkeypatch)
    assert tenant_client.post(link).status_code == 404
    assert tenant_client.get(link).status_code == 404
    assert DataExport.objects.count() == 1


def test_other_tenant_gets_404_for_link_and_download(
    client, tenant_client, other_tenant, django_capture_on_commit_callbacks, monkeypatch
):
    link = _request_link(tenant_client, django_capture_on_commit_callbacks)
    client.force_login(other_tenant.user)
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    client.force_login(DataExport.objects.get().party.user)
    export = _confirm(client, link, django_capture_on_commit_callbacks, monkeypatch)
    client.force_login(other_tenant.user)
    assert client.get(reverse("portal:privacy_export_download", args=[export.pk])).status_code == 404


def test_download_ends_after_seven_days_and_the_file_goes(
    tenant_client, django_capture_on_commit_callbacks, monkeypatch
):
    from privacy.exports import exports_sweep

    link = _request_link(tenant_client, django_capture_on_commit_callbacks)
    export = _confirm(tenant_client, link, django_capture_on_commit_callbacks, monkeypatch)
    path = export.file.path
    later = timezone.now() + timezone.timedelta(days=7, minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert tenant_client.get(reverse("portal:privacy_export_download", args=[export.pk])).status_code == 404
    assert exports_sweep(now=later)["expired"] == 1
    import os

    assert not os.path.exists(path)
