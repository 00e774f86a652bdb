"""Test images built with Pillow: plain photos, one with GPS EXIF, and a decompression bomb."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo(name="foto.jpg", size=(64, 48), fmt="JPEG", exif=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 40))
    if exif is not None:
        image.save(buffer, fmt, exif=exif)
    else:
        image.save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def photo_with_gps(name="gps.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90°
    gps = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    exif[0x8825] = gps  # GPSInfo
    return photo(name, size=(80, 40), exif=exif)


def bomb(name="bomb.png", size=(20000, 20000)) -> SimpleUploadedFile:
    """A tiny file that claims a huge picture (PNG compresses a flat colour to almost nothing)."""
    buffer = io.BytesIO()
    Image.new("1", size, 0).save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
