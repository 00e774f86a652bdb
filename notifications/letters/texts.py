"""Text blocks staff edit in the admin (LetterText): where one exists for a letter's kind and language, its
subject and paragraphs replace the template's built-in wording."""

import re

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(text: str, values: dict[str, str]) -> str:
    """Replace {name} placeholders; unknown ones stay as typed so the admin sees the mistake in the letter.
    A plain substitution, not str.format: a text block must not reach attributes of the values."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def text_context(kind: str, *, language: str, values: dict[str, str]) -> dict[str, object]:
    """`paragraphs` and `subject_text` for the letter template, or nothing when no text block is kept."""
    from notifications.models import LetterText

    # Only the recipient's own language: the built-in wording is translated, a German block would not be.
    block = LetterText.objects.filter(kind=kind, language=language).first()
    if block is None:
        return {}
    paragraphs = [fill(p.strip(), values) for p in re.split(r"\n\s*\n", block.paragraphs) if p.strip()]
    context: dict[str, object] = {"paragraphs": paragraphs}
    if block.subject.strip():
        context["subject_text"] = fill(block.subject.strip(), values)
    return context
