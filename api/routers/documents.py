"""Documents pushed by the ERP in bulk (all operating-cost statements of the year, a building's house
rules): each appears under the tenant's "Meine Dokumente" at once, and open requests for a document of
that kind are done (tickets.documents). One request is stored whole or not at all."""

import json
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from pydantic import TypeAdapter, model_validator
from pydantic import ValidationError as PydanticValidationError

from estate.models import Building, Document, Party
from tickets.documents import building_recipients, document_requests_fulfil

from ..auth import IntegrationAuth
from ..models import Scope
from ..problems import ApiProblem, documented, field_errors
from ..schemas import In

router = Router(tags=["documents"], auth=IntegrationAuth(Scope.DOCUMENTS))

MAX_FILES = 500


class DocumentIn(In):
    file: str = Field(..., min_length=1, max_length=255, description="Name of the uploaded file part")
    party: str | None = Field(None, min_length=1, max_length=64, description="external_id of the tenant")
    building: str | None = Field(
        None, min_length=1, max_length=64, description="external_id of a building: for all its tenants"
    )
    kind: str = Field(
        "", max_length=40, description="Document kind as on the catalog item, e.g. betriebskosten"
    )
    title: str = Field(..., min_length=1, max_length=200)

    @model_validator(mode="after")
    def one_owner(self):
        if (self.party is None) == (self.building is None):
            raise ValueError("give either party or building")
        return self


class DocumentRowResult(Schema):
    row: int
    documents: list[int]
    requests_done: list[str] = Field(..., description="References of the requests this document met")


class DocumentsResult(Schema):
    created: int
    items: list[DocumentRowResult]


ROWS = TypeAdapter(list[DocumentIn])


@router.post(
    "",
    response={201: DocumentsResult, **documented(413)},
    operation_id="upload_documents",
    summary="Upload documents for tenants or buildings, in bulk (multipart)",
)
def upload_documents(
    request,
    metadata: str = Form(..., description='JSON list: [{"file", "party" or "building", "kind", "title"}]'),
    files: File[list[UploadedFile]] = None,
):
    rows = _rows(metadata)
    uploads = {upload.name: upload for upload in files or []}
    if len(uploads) > MAX_FILES:
        raise ApiProblem(422, _("Höchstens %(n)s Dateien pro Anfrage.") % {"n": MAX_FILES}, kind="validation")
    owners = _owners(rows)
    errors = []
    for number, row in enumerate(rows):
        errors += _check(number, row, uploads, owners)
    if errors:
        raise ApiProblem(
            422, _("Nichts übernommen: Zeilen sind fehlerhaft."), kind="validation", errors=errors
        )
    return Status(201, _store(rows, uploads, owners))


def _rows(metadata: str) -> list[DocumentIn]:
    try:
        return ROWS.validate_python(json.loads(metadata))
    except json.JSONDecodeError:
        message = _("metadata ist kein JSON.")
    except PydanticValidationError as invalid:
        errors = field_errors([{**e, "loc": ("items", *e["loc"])} for e in invalid.errors()])
        raise ApiProblem(
            422, _("Die Anfrage enthält ungültige Angaben."), kind="validation", errors=errors
        ) from None
    raise ApiProblem(
        422, message, kind="validation", errors=[{"field": "metadata", "message": message, "row": None}]
    )


def _owners(rows: list[DocumentIn]) -> dict:
    parties = {r.party for r in rows if r.party}
    buildings = {r.building for r in rows if r.building}
    owners = {("party", p.external_id): [p] for p in Party.objects.filter(external_id__in=parties)}
    for building in Building.objects.filter(external_id__in=buildings):
        owners[("building", building.external_id)] = list(building_recipients(building.pk))
    return owners


def _check(number: int, row: DocumentIn, uploads: dict, owners: dict) -> list[dict]:
    found = []

    def error(field: str, message: str):
        found.append({"field": f"items.{number}.{field}", "message": message, "row": number})

    owner = ("party", row.party) if row.party else ("building", row.building)
    if owner not in owners:
        error(owner[0], _("„%(id)s“ ist nicht bekannt.") % {"id": owner[1]})
    upload = uploads.get(row.file)
    if upload is None:
        error("file", _("Die Datei „%(name)s“ fehlt in der Anfrage.") % {"name": row.file})
    elif upload.size > settings.UPLOAD_MAX_BYTES:
        error("file", _("Die Datei ist zu groß."))
    else:
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            error("file", _("Nur PDF-Dateien sind möglich."))
    return found


def _store(rows: list[DocumentIn], uploads: dict, owners: dict) -> "DocumentsResult":
    """Write the files, then the rows in one transaction; if the rows fail, the files go again."""
    written: dict[str, str] = {}
    try:
        for name, upload in uploads.items():
            if any(r.file == name for r in rows):
                written[name] = default_storage.save(
                    f"documents/api/{uuid.uuid4().hex}.pdf", ContentFile(upload.read())
                )
        with transaction.atomic():
            return _create(rows, written, owners)
    except Exception:
        for path in written.values():
            default_storage.delete(path)
        raise


def _create(rows: list[DocumentIn], written: dict, owners: dict) -> DocumentsResult:
    results, created = [], 0
    for number, row in enumerate(rows):
        owner = ("party", row.party) if row.party else ("building", row.building)
        ids, done = [], []
        for party in owners[owner]:
            document = Document(party=party, kind=row.kind, title=row.title, content_type="application/pdf")
            document.file.name = written[row.file]
            document.save()
            ids.append(document.pk)
            done += [t.reference for t in document_requests_fulfil(document)]
        created += len(ids)
        results.append(DocumentRowResult(row=number, documents=ids, requests_done=done))
    return DocumentsResult(created=created, items=results)
