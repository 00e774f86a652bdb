"""The text rules every form follows, whoever types into it (tenant, case worker, API client): what is
kept of what was typed, before any field checks its own kind. The form fields in estate/fields.py apply
them; a view reading a query parameter by hand calls `clean_line`."""

import re
import unicodedata

# Characters that show nothing: a text made only of these (and spaces) is empty, however long it is.
INVISIBLE = frozenset(
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space, (non-)joiner, direction marks
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2800"  # braille blank
    "\ufeff"  # byte order mark, zero-width no-break space
)
# Direction overrides and isolates reorder what is shown (a "Trojan source" name); never wanted in a form.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")


def _is_dropped(char: str, *, multiline: bool) -> bool:
    if char in BIDI_CONTROLS:
        return True
    if multiline and char in "\n\t":
        return False
    # Cc: control characters, NUL included (PostgreSQL refuses NUL in text); Cs: lone surrogates.
    return unicodedata.category(char) in ("Cc", "Cs") or _is_noncharacter(char)


def _is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _is_empty_char(char: str) -> bool:
    return char.isspace() or char in INVISIBLE


def _trim(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_empty_char(text[start]):
        start += 1
    while end > start and _is_empty_char(text[end - 1]):
        end -= 1
    return text[start:end]


def clean_text(value: object, *, multiline: bool = False, compatibility: bool = False) -> str:
    """`value` as we keep it: NFC-normalised (NFKC with `compatibility`, so full-width letters and digits
    become ASCII), control characters removed (a multi-line text keeps its line breaks and tabs, a
    single line gets spaces for them), trimmed of spaces and invisible characters at both ends. A text
    of nothing but invisible characters and spaces comes back empty."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC" if compatibility else "NFC", str(value))
    text = _NEWLINES.sub("\n", text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    text = "".join(char for char in text if not _is_dropped(char, multiline=multiline))
    text = _trim(text)
    if multiline:
        # Trailing spaces on each line are noise; the lines themselves stay as typed.
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text


def clean_line(value: object, *, max_length: int = 200) -> str:
    """One line as a search box sends it, cut to `max_length`: for query parameters read without a form."""
    return clean_text(value)[:max_length]


def clean_compact(value: object) -> str:
    """A code typed with spaces (IBAN, BIC, a number): full-width made ASCII, every space removed."""
    return "".join(clean_text(value, compatibility=True).split())
