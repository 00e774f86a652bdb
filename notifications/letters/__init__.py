"""Printed letters: DIN 5008 templates rendered to PDF by WeasyPrint, and the specs that feed them."""

from .render import LetterSpec, render_letter, render_letters

__all__ = ["LetterSpec", "render_letter", "render_letters"]
