"""Hostile photos: every kind of metadata a photo can carry is gone after re-encoding (the stored bytes are
searched for it), a truncated photo is refused although WeasyPrint lets Pillow accept them, and every
refusal says why."""

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from tickets.uploads import UploadRefused, clean_image

SECRET = "Erika Mustermann, Hauptstr. 1, 0171 1234567"
SCRIPT = "<script>alert(1)</script>"


def _picture() -> Image.Image:
    image = Image.new("RGB", (64, 48), (200, 80, 40))
    image.putpixel((3, 3), (0, 0, 255))
    return image


def _exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x010E] = SECRET  # ImageDescription
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    return exif


def _xmp() -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="{SECRET}"/>'
        "</rdf:RDF></x:xmpmeta>"
    ).encode()


def _icc() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return profile.tobytes()


def _saved(fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    _picture().save(buffer, fmt, **params)
    return buffer.getvalue()


def _with_iptc(jpeg: bytes) -> bytes:
    """An APP13 (Photoshop/IPTC) segment right after SOI: Pillow cannot write one, so it is put in by hand."""
    text = SECRET.encode()
    record = b"\x1c\x02\x78" + struct.pack(">H", len(text)) + text  # 2:120 caption
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_text("Comment", SCRIPT, zip=True)  # zTXt
    info.add_itxt("Description", SECRET, lang="de", tkey="Beschreibung")  # iTXt
    return _saved("PNG", pnginfo=info, exif=_exif_with_gps(), icc_profile=_icc())


HOSTILE = {
    "jpeg-exif-gps": lambda: _saved("JPEG", exif=_exif_with_gps()),
    "jpeg-xmp": lambda: _saved("JPEG", xmp=_xmp()),
    "jpeg-icc": lambda: _saved("JPEG", icc_profile=_icc() + SECRET.encode()),
    "jpeg-comment": lambda: _saved("JPEG", comment=SECRET),
    "jpeg-comment-script": lambda: _saved("JPEG", comment=SCRIPT),
    "jpeg-iptc": lambda: _with_iptc(_saved("JPEG")),
    "png-text-chunks": _png_with_text,
    "webp-exif-xmp": lambda: _saved("WEBP", exif=_exif_with_gps(), xmp=_xmp(), icc_profile=_icc()),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_no_metadata_survives(kind):
    original = HOSTILE[kind]()
    assert (
        SECRET.encode() in original or SCRIPT.encode() in original or b"GPS" in original or b"ICC" in original
    )
    cleaned = clean_image(SimpleUploadedFile(f"{kind}.img", original))
    for stored in (cleaned.content, cleaned.thumbnail):
        for trace in (
            SECRET.encode(),
            SCRIPT.encode(),
            b"PhoneMaker",
            b"Photoshop",
            b"ICC_PROFILE",
            b"xmpmeta",
        ):
            assert trace not in stored, (kind, trace)
        image = Image.open(io.BytesIO(stored))
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not {"exif", "icc_profile", "comment", "xmp", "photoshop"} & set(image.info)
        # Only SOI, APP0 (JFIF), the tables and the picture: no APP1 (EXIF/XMP), APP2 (ICC), APP13, COM.
        assert b"\xff\xe1" not in stored[:200] and b"\xff\xfe" not in stored[:200]


def test_colour_profile_is_applied_before_it_is_dropped():
    cleaned = clean_image(SimpleUploadedFile("p3.jpg", _saved("JPEG", icc_profile=_icc())))
    pixel = Image.open(io.BytesIO(cleaned.content)).getpixel((30, 30))
    assert all(abs(a - b) < 12 for a, b in zip(pixel, (200, 80, 40), strict=True))


def test_gif_with_a_comment_is_refused_with_a_reason():
    gif = _saved("GIF", comment=SECRET)
    with pytest.raises(UploadRefused) as refused:
        clean_image(SimpleUploadedFile("foto.gif", gif))
    assert "kein Foto im Format JPEG, PNG oder WebP" in str(refused.value.message)


def test_truncated_jpeg_is_refused_although_weasyprint_allows_truncated_images():
    import weasyprint  # noqa: F401 - importing it switches Pillow's LOAD_TRUNCATED_IMAGES on
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    noisy = Image.effect_noise((400, 300), 80).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=95)
    cut = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    with pytest.raises(UploadRefused) as refused:
        clean_image(SimpleUploadedFile("halb.jpg", cut))
    assert "„halb.jpg“ ist unvollständig" in str(refused.value.message)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's own setting is left as it was


def test_every_refusal_says_why(settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    too_big = SimpleUploadedFile("gross.jpg", b"\xff\xd8" + b"0" * (3 * 1024 * 1024))
    with pytest.raises(UploadRefused, match="höchstens 2 MB"):
        clean_image(too_big)
    with pytest.raises(UploadRefused, match="„leer.jpg“ ist leer"):
        clean_image(SimpleUploadedFile("leer.jpg", b""))
    settings.UPLOAD_MAX_PIXELS = 1_000_000
    buffer = io.BytesIO()
    Image.new("RGB", (1500, 1000)).save(buffer, "PNG")
    with pytest.raises(UploadRefused, match="höchstens 1 Megapixel"):
        clean_image(SimpleUploadedFile("riesig.png", buffer.getvalue()))
    with pytest.raises(UploadRefused, match="kein Foto"):
        clean_image(SimpleUploadedFile("shell.php.jpg", b"<?php system($_GET['c']); ?>"))


def test_the_shown_name_is_cleaned():
    cleaned = clean_image(SimpleUploadedFile("x.jpg", _saved("JPEG")))
    assert cleaned.name == "x.jpg"
    upload = SimpleUploadedFile("x.jpg", _saved("JPEG"))
    upload._name = "../../.ssh/ke\u202eyg\x00pj.jpeg"  # what a hostile client might leave in the name
    assert clean_image(upload).name == "keygpj.jpg"
