"""processes.signatures.check_png: the one check of a signature drawn on the screen, used by the inspection
protocol and the Mietvertrag alike."""

import io

import pytest
from PIL import Image, ImageDraw

from processes import signatures
from processes.signatures import SignatureImageInvalid, check_png


def _png(width: int = 300, height: int = 120, *, drawn: bool = True, fmt: str = "PNG") -> bytes:
    image = Image.new("RGB", (width, height), "white")
    if drawn:
        ImageDraw.Draw(image).line((10, 60, width - 10, 30), fill="black", width=3)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def test_a_drawn_signature_passes():
    check_png(_png())
    check_png(_png(signatures.SIGNATURE_MAX_WIDTH, signatures.SIGNATURE_MAX_HEIGHT))


@pytest.mark.parametrize(
    "image_png",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not a picture at all", id="not-an-image"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, id="broken-png"),
        pytest.param(_png(fmt="JPEG"), id="jpeg-not-png"),
        pytest.param(_png(fmt="GIF"), id="gif-not-png"),
        pytest.param(_png(drawn=False), id="nothing-drawn"),
        pytest.param(_png(signatures.SIGNATURE_MAX_WIDTH + 1, 120), id="too-wide"),
        pytest.param(_png(300, signatures.SIGNATURE_MAX_HEIGHT + 1), id="too-high"),
        pytest.param(_png() + b"\x00" * signatures.SIGNATURE_MAX_BYTES, id="too-large"),
    ],
)
def test_a_bad_signature_image_is_refused_with_a_german_message(image_png):
    with pytest.raises(SignatureImageInvalid) as refused:
        check_png(image_png)
    assert str(refused.value.message) == "Bitte unterschreiben Sie im Feld."


def test_what_a_signature_field_posts_becomes_its_png_and_anything_else_nothing():
    import base64

    png = _png()
    assert signatures.png_from_data_url("data:image/png;base64," + base64.b64encode(png).decode()) == png
    for posted in ["", "data:image/jpeg;base64,AAAA", "data:image/png;base64,not base64!", "just text"]:
        assert signatures.png_from_data_url(posted) == b""
