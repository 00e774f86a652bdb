import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tickets.uploads import UploadRefused, clean_image, clean_images

from .images import bomb, photo, photo_with_gps


def test_html_renamed_to_jpg_is_refused():
    fake = SimpleUploadedFile(
        "foto.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )
    with pytest.raises(UploadRefused):
        clean_image(fake)


def test_gif_is_refused_even_as_a_real_image():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(UploadRefused):
        clean_image(SimpleUploadedFile("foto.png", buffer.getvalue()))


def test_decompression_bomb_is_refused():
    upload = bomb()
    assert upload.size < 200_000
    with pytest.raises(UploadRefused):
        clean_image(upload)


def test_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(UploadRefused):
        clean_image(photo(size=(400, 400)))


def test_gps_exif_is_stripped_and_orientation_applied():
    upload = photo_with_gps()
    assert Image.open(upload).getexif().get_ifd(0x8825)
    cleaned = clean_image(upload)
    image = Image.open(io.BytesIO(cleaned.content))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert image.size == (40, 80)  # the 90° orientation is now in the pixels
    assert Image.open(io.BytesIO(cleaned.thumbnail)).size[0] <= 480


def test_png_and_webp_are_re_encoded_as_jpeg():
    for fmt in ("PNG", "WEBP"):
        cleaned = clean_image(photo(f"bild.{fmt.lower()}", fmt=fmt))
        assert cleaned.name.endswith(".jpg")
        assert Image.open(io.BytesIO(cleaned.content)).format == "JPEG"


def test_more_than_five_photos_are_refused():
    with pytest.raises(UploadRefused):
        clean_images([photo(f"{i}.jpg") for i in range(6)])
