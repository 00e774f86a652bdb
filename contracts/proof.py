"""The proof of a name change (Heiratsurkunde, Namensbescheinigung): a PDF or a photo of the document,
through the project's upload checks: a PDF without scripts, actions or embedded files
(processes.modification.clean_drawing), a photo decoded whole and re-encoded without metadata
(tickets.uploads.clean_image). Anything else is refused with the reason, before anything is stored."""

from django.utils.translation import gettext as _

from processes.modification import clean_drawing
from tickets.uploads import UploadRefused, clean_image

MAX_FILES = 3


def clean_proof(upload):
    """A checked file (name, content, content_type, thumbnail); raises UploadRefused."""
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return clean_drawing(upload)
    return clean_image(upload)


def clean_proofs(uploads: list) -> list:
    if len(uploads) > MAX_FILES:
        raise UploadRefused(_("Bitte höchstens %(n)d Dateien als Nachweis.") % {"n": MAX_FILES})
    return [clean_proof(upload) for upload in uploads]
