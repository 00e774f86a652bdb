"""The one door from letter specs to PDF. Fonts and the stylesheet are loaded once per process; a batch is
rendered in chunks so memory stays flat however many letters the post room asks for."""

import functools
import gc
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfWriter
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# Letters in one chunk become one PDF in memory; 50 two-page letters keep the layout boxes small.
CHUNK_SIZE = 50


@dataclass(frozen=True)
class LetterSpec:
    """Everything one letter needs, as plain data: it can be built without a database and kept in a batch."""

    template: str
    recipient: tuple[str, ...]
    context: dict[str, Any] = field(default_factory=dict)
    language: str = "de"


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def _stylesheets() -> tuple[CSS, ...]:
    # Parsing the CSS registers the @font-face fonts with the font configuration; doing it once per
    # process is most of what makes a second letter cheap.
    return (CSS(filename=str(STATIC_DIR / "letters" / "letter.css"), font_config=_font_config()),)


@functools.cache
def _url_fetcher() -> URLFetcher:
    # Letters only ever load our own files (logo, fonts); nothing a tenant typed can make us fetch a URL.
    return URLFetcher(allowed_protocols={"file"})


def _html(spec: LetterSpec) -> str:
    context = {
        "company": settings.COMPANY,
        "letterhead": settings.LETTERHEAD,
        "logo": settings.LETTERHEAD.get("logo", ""),
        "date": timezone.localdate(),
        **spec.context,
        "recipient": spec.recipient,
        "language": spec.language,
    }
    with translation.override(spec.language):
        return render_to_string(spec.template, context)


def _document(spec: LetterSpec):
    html = HTML(string=_html(spec), base_url=str(STATIC_DIR) + "/", url_fetcher=_url_fetcher())
    return html.render(stylesheets=_stylesheets(), font_config=_font_config())


def _chunks(letters: list[LetterSpec], size: int) -> Iterator[list[LetterSpec]]:
    for start in range(0, len(letters), size):
        yield letters[start : start + size]


def _render_chunk(letters: list[LetterSpec]) -> bytes:
    # Each letter is its own document so "Seite x von y" counts per letter; their pages are then joined
    # into one PDF, each letter starting on a new sheet.
    # WeasyPrint builds large trees of short-lived boxes; letting the cyclic collector scan them mid-chunk
    # costs about an eighth of a batch's time and frees nothing before the chunk is written, so a batch
    # pauses it and runs one full collection per chunk (a young-generation sweep leaves the boxes behind and
    # memory grows). A single letter, as in a web request, is not worth a full collection.
    pause = len(letters) > 1 and gc.isenabled()
    if pause:
        gc.disable()
    try:
        documents = [_document(spec) for spec in letters]
        pages = [page for document in documents for page in document.pages]
        return documents[0].copy(pages).write_pdf()
    finally:
        if pause:
            gc.enable()
            gc.collect()


def render_letters(
    letters: list[LetterSpec],
    *,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """One PDF with every letter in the given order, each starting on a new page.

    `progress(done, total)` is called after each chunk, so a print batch can show how far it got."""
    if not letters:
        raise ValueError("render_letters needs at least one letter")
    parts = []
    for chunk in _chunks(letters, chunk_size):
        parts.append(_render_chunk(chunk))
        if progress is not None:
            progress(min(len(parts) * chunk_size, len(letters)), len(letters))
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_letter(spec: LetterSpec) -> bytes:
    return render_letters([spec])
