"""Documents pushed in bulk appear for the tenant and meet their pending requests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from catalogs.models import DocumentDelivery
from estate.models import Document
from tests.factories import CatalogItemFactory, TenancyFactory, TicketFactory


def _pdf(name="bk.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_a_tenants_statement_meets_their_pending_request(erp, tenant):
    tenant.external_id = "T1"
    tenant.save()
    item = CatalogItemFactory(document_delivery=DocumentDelivery.DOWNLOAD, document_kind="betriebskosten")
    request = TicketFactory(item=item, reporter=tenant, status="open")
    metadata = '[{"file": "bk.pdf", "party": "T1", "kind": "betriebskosten", "title": "Abrechnung 2025"}]'
    response = erp.post("/documents", {"metadata": metadata, "files": [_pdf()]}, multipart=True)
    assert response.status_code == 201, response.content
    assert response.json()["items"][0]["requests_done"] == [request.reference]
    assert Document.objects.get().party == tenant
    request.refresh_from_db()
    assert request.status == "done"


def test_a_building_document_goes_to_every_tenant_of_the_building(erp, tenant, other_tenant, unit):
    unit.building.external_id = "B1"
    unit.building.save()
    TenancyFactory()  # elsewhere
    metadata = '[{"file": "hausordnung.pdf", "building": "B1", "title": "Hausordnung"}]'
    response = erp.post(
        "/documents", {"metadata": metadata, "files": [_pdf("hausordnung.pdf")]}, multipart=True
    )
    assert response.status_code == 201
    assert set(Document.objects.values_list("party_id", flat=True)) == {tenant.pk, other_tenant.pk}


def test_one_bad_row_stores_nothing(erp, tenant):
    tenant.external_id = "T1"
    tenant.save()
    metadata = (
        '[{"file": "a.pdf", "party": "T1", "title": "A"}, {"file": "b.pdf", "party": "T1", "title": "B"}]'
    )
    bad = SimpleUploadedFile("b.pdf", b"<html>", content_type="application/pdf")
    response = erp.post("/documents", {"metadata": metadata, "files": [_pdf("a.pdf"), bad]}, multipart=True)
    assert response.status_code == 422
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(1, "items.1.file")]
    assert not Document.objects.exists()
