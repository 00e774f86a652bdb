"""Reading rendered letters back: text, word positions in mm and PNG previews, through poppler-utils."""

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "letters"
PT_TO_MM = 25.4 / 72
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    text: str
    left: float  # mm from the sheet's left edge
    top: float  # mm from the sheet's top edge
    right: float
    bottom: float


def _tool(name: str) -> str:
    # A missing poppler-utils must fail the test loudly, not skip it.
    path = shutil.which(name)
    assert path, f"{name} not found: apt-get install poppler-utils"
    return path


def _poppler(tool: str, *args: str, pdf: bytes) -> str:
    # Fixed tool names and our own PDF bytes only; nothing from outside reaches the command line.
    result = subprocess.run([_tool(tool), *args, "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, in order."""
    return _poppler("pdftotext", "-layout", pdf=pdf).split("\f")[:-1]


def page_words(pdf: bytes) -> list[list[Word]]:
    out = _poppler("pdftotext", "-bbox", pdf=pdf)
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append(
            [
                Word(html.unescape(t), *(float(v) * PT_TO_MM for v in (x0, y0, x1, y1)))
                for x0, y0, x1, y1, t in WORD.findall(page)
            ]
        )
    return pages


def save_previews(pdf: bytes, name: str) -> list[Path]:
    """PNG previews at 60 dpi for a person to look at; test-artifacts/ is not committed."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(  # noqa: S603
        [_tool("pdftoppm"), "-r", "60", "-png", str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name)],
        check=True,
    )
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))
