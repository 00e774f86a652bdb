"""Photos people upload to a ticket: checked by content (not by name), capped in bytes and pixels, decoded
whole (a truncated file is refused), and re-encoded from bare pixels so no metadata survives: no EXIF or
GPS, no XMP or IPTC, no colour profile (converted to sRGB first), no JPEG comment, no PNG text. The portal,
the back-office, the API and inbound mail all use it. A refusal names the photo and says why, in the
person's language; photos already checked can be kept for the form's next try (`kept_photos_store`)."""

import contextlib
import io
import logging
import re
import uuid
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from .actors import Actor
from .attachments import attachment_file, attachment_record, attachments_remove_files, display_name
from .errors import AttachmentNotStored
from .models import Attachment, Message, Ticket

log = logging.getLogger(__name__)

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMBNAIL_SIZE = (480, 480)
MAX_PHOTOS = 5
# How long photos that were fine wait for the rest of a refused form to be sent again.
KEPT_SECONDS = 2 * 60 * 60
_KEPT_TOKEN = re.compile(r"^[0-9a-f]{32}$")


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


@contextlib.contextmanager
def _whole_images_only() -> Iterator[None]:
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process when it is imported; for
    our own decoding it is off again, so a photo cut off in transfer is refused instead of stored grey."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def clean_image(upload: UploadedFile) -> CleanImage:
    """Open the upload as an image of an allowed kind and re-encode it as a plain JPEG."""
    name = display_name(upload.name, default=str(_("Foto")))
    if not upload.size:
        raise UploadRefused(_("Die Datei „%(name)s“ ist leer.") % {"name": name})
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise UploadRefused(
            _("Das Foto „%(name)s“ ist zu groß (höchstens %(mb)d MB).")
            % {"name": name, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    image = _decode(upload, name)
    pixels = _plain_pixels(image, name)
    content = io.BytesIO()
    pixels.save(content, "JPEG", quality=85, optimize=True)
    pixels.thumbnail(THUMBNAIL_SIZE)
    thumbnail = io.BytesIO()
    pixels.save(thumbnail, "JPEG", quality=80)
    stem = name.rsplit(".", 1)[0][:80] or str(_("Foto"))
    return CleanImage(name=f"{stem}.jpg", content=content.getvalue(), thumbnail=thumbnail.getvalue())


def _decode(upload: UploadedFile, name: str) -> Image.Image:
    not_a_photo = _("„%(name)s“ ist kein Foto im Format JPEG, PNG oder WebP.") % {"name": name}
    upload.seek(0)
    try:
        with warnings.catch_warnings(), _whole_images_only():
            # Pillow only warns below twice its own bomb limit; treat the warning as the refusal it is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ALLOWED_FORMATS:
                raise UploadRefused(not_a_photo)
            width, height = image.size
            if width * height > settings.UPLOAD_MAX_PIXELS:
                raise UploadRefused(
                    _("Das Foto „%(name)s“ hat zu viele Bildpunkte (höchstens %(mp)d Megapixel).")
                    % {"name": name, "mp": settings.UPLOAD_MAX_PIXELS // 1_000_000}
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise UploadRefused(
            _("Das Foto „%(name)s“ hat zu viele Bildpunkte (höchstens %(mp)d Megapixel).")
            % {"name": name, "mp": settings.UPLOAD_MAX_PIXELS // 1_000_000}
        ) from err
    except UnidentifiedImageError as err:
        raise UploadRefused(not_a_photo) from err
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        if "truncated" in str(err):
            raise UploadRefused(
                _(
                    "Das Foto „%(name)s“ ist unvollständig, vielleicht wurde es nicht ganz übertragen. "
                    "Bitte wählen Sie es noch einmal aus."
                )
                % {"name": name}
            ) from err
        raise UploadRefused(
            _("„%(name)s“ ist kein lesbares Foto im Format JPEG, PNG oder WebP.") % {"name": name}
        ) from err
    return image


def _plain_pixels(image: Image.Image, name: str) -> Image.Image:
    """The photo as sRGB pixels and nothing else: turned upright by its EXIF orientation, its colour
    profile applied, transparency on white, then copied into a new image that carries no `info` at all
    (Pillow writes a JPEG comment or a profile from `info` when saving, so the original's must not come)."""
    try:
        image = ImageOps.exif_transpose(image)
        image = _in_srgb(image)
        if image.mode in ("RGBA", "LA", "PA", "P") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", image.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            image = flat
        elif image.mode != "RGB":
            image = image.convert("RGB")
        return Image.frombytes("RGB", image.size, image.tobytes())
    except (OSError, ValueError) as err:
        raise UploadRefused(
            _("„%(name)s“ ist kein lesbares Foto im Format JPEG, PNG oder WebP.") % {"name": name}
        ) from err


def _in_srgb(image: Image.Image) -> Image.Image:
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile is metadata like any other: the pixels are kept as they are, the profile is not.
        log.info("Ignoring an unreadable colour profile in an upload")
        return image


def clean_images(uploads: list[UploadedFile]) -> list[CleanImage]:
    """Check every photo before anything is stored, so a bad one refuses the whole form."""
    if len(uploads) > MAX_PHOTOS:
        raise UploadRefused(_("Bitte höchstens %(n)d Fotos auf einmal.") % {"n": MAX_PHOTOS})
    return [clean_image(upload) for upload in uploads]


def kept_photos_store(images: Sequence[CleanImage]) -> list[str]:
    """Keep checked photos for a form that must be sent again (another photo or a field was refused),
    so the person need not choose them again: one random token each, which the form carries. A token
    is as hard to guess as a magic link; photos not sent within KEPT_SECONDS are gone. Returns no token
    for a photo the cache cannot take (the person then chooses it again)."""
    tokens = []
    for image in images:
        token = uuid.uuid4().hex
        try:
            cache.set(f"kept-photo:{token}", image, KEPT_SECONDS)
        except Exception:  # noqa: BLE001 - the cache failing only costs choosing the photo again
            log.warning("Could not keep a checked photo for the form's next try", exc_info=True)
            continue
        tokens.append(token)
    return tokens


def kept_photos_load(tokens: Sequence[str]) -> tuple[list[tuple[str, CleanImage]], int]:
    """The photos kept under `tokens` (malformed tokens ignored), and how many are no longer there."""
    found, missing = [], 0
    for token in tokens[:MAX_PHOTOS]:
        if not _KEPT_TOKEN.match(token):
            continue
        try:
            image = cache.get(f"kept-photo:{token}")
        except Exception:  # noqa: BLE001 - as above: the photo is then chosen again
            log.warning("Could not read a kept photo", exc_info=True)
            image = None
        if isinstance(image, CleanImage):
            found.append((token, image))
        else:
            missing += 1
    return found, missing


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
