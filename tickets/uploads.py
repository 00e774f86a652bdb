"""Photos people upload to a ticket: checked by content (not by name), capped in bytes and pixels,
re-encoded so no EXIF or GPS data survives, with a thumbnail. The portal and the back-office both use it."""

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .actors import Actor
from .attachments import attachment_file, attachment_record, attachments_remove_files
from .errors import AttachmentNotStored
from .models import Attachment, Message, Ticket

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMBNAIL_SIZE = (480, 480)
MAX_PHOTOS = 5


class UploadRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


@dataclass(frozen=True)
class CleanImage:
    name: str
    content: bytes
    thumbnail: bytes
    content_type: str = "image/jpeg"


def clean_image(upload: UploadedFile) -> CleanImage:
    """Open the upload as an image of an allowed kind and re-encode it as a plain JPEG."""
    if upload.size is None or upload.size > settings.UPLOAD_MAX_BYTES:
        raise UploadRefused(
            _("Das Foto „%(name)s“ ist zu groß (höchstens %(mb)d MB).")
            % {"name": upload.name, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own bomb limit; treat the warning as the refusal it is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ALLOWED_FORMATS:
                raise UploadRefused(
                    _("„%(name)s“ ist kein Foto im Format JPEG, PNG oder WebP.") % {"name": upload.name}
                )
            width, height = image.size
            if width * height > settings.UPLOAD_MAX_PIXELS:
                raise UploadRefused(_("Das Foto „%(name)s“ hat zu viele Bildpunkte.") % {"name": upload.name})
            image.load()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
    ) as err:
        raise UploadRefused(
            _("„%(name)s“ ist kein lesbares Foto im Format JPEG, PNG oder WebP.") % {"name": upload.name}
        ) from err
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    # Saving without exif= drops every EXIF field, GPS included; orientation is already applied above.
    content = io.BytesIO()
    image.save(content, "JPEG", quality=85, optimize=True)
    image.thumbnail(THUMBNAIL_SIZE)
    thumbnail = io.BytesIO()
    image.save(thumbnail, "JPEG", quality=80)
    stem = (upload.name or "foto").rsplit(".", 1)[0][:80] or "foto"
    return CleanImage(name=f"{stem}.jpg", content=content.getvalue(), thumbnail=thumbnail.getvalue())


def clean_images(uploads: list[UploadedFile]) -> list[CleanImage]:
    """Check every photo before anything is stored, so a bad one refuses the whole form."""
    if len(uploads) > MAX_PHOTOS:
        raise UploadRefused(_("Bitte höchstens %(n)d Fotos auf einmal.") % {"n": MAX_PHOTOS})
    return [clean_image(upload) for upload in uploads]


def photos_file(
    *, ticket: Ticket, images: Sequence[CleanImage], actor: Actor, message: Message | None = None
) -> list[Attachment]:
    """Write checked photos and their rows, not yet on the timeline (see attachments.attachment_file).
    When one cannot be stored, the files of those before it are removed again and AttachmentNotStored
    names the photo."""
    written: list[Attachment] = []
    try:
        for image in images:
            written.append(
                attachment_file(
                    ticket=ticket,
                    content=image.content,
                    name=image.name,
                    content_type=image.content_type,
                    thumbnail=image.thumbnail,
                    actor=actor,
                    is_public=True,
                    message=message,
                )
            )
    except AttachmentNotStored:
        attachments_remove_files(written)
        raise
    return written


@transaction.atomic
def attachments_add(
    *, ticket: Ticket, images: Sequence[CleanImage], actor: Actor, message: Message | None = None
) -> list[Attachment]:
    """Store checked photos on a ticket, each with its timeline row: all of them or none."""
    stored = photos_file(ticket=ticket, images=images, actor=actor, message=message)
    for attachment in stored:
        attachment_record(attachment, actor=actor)
    return stored
