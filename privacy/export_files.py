"""The export as a file: a ZIP with the machine-readable data.json, a readable summary.pdf and the
party's own documents and photos, written to private storage (served only through a checked view)."""

import io
import json
import logging
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from estate.models import Party

from .export_data import ExportContent

log = logging.getLogger(__name__)


def summary_pdf(party: Party, content: ExportContent) -> bytes:
    with translation.override(party.language or settings.LANGUAGE_CODE):
        html = render_to_string(
            "privacy/export_summary.html",
            {"party": party, "data": content.data, "company": settings.COMPANY, "now": timezone.now()},
        )
    # Only our own template with the party's text in it; nothing in it may make WeasyPrint fetch a URL.
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"The export summary loads no resources ({url})")


def export_zip(party: Party, content: ExportContent) -> ContentFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(content.data, ensure_ascii=False, indent=2, default=str))
        archive.writestr("summary.pdf", summary_pdf(party, content))
        for item in content.files:
            try:
                with item.storage_file.open("rb") as stored:
                    archive.writestr(item.path, stored.read())
            except OSError:
                # A file the storage lost must not keep the rest from the tenant; the JSON still lists it.
                log.warning("Data export of party %s: file %s is missing", party.pk, item.path)
    return ContentFile(buffer.getvalue())
