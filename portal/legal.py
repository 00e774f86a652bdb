"""Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit: open to everyone, in the reader's
language, with the text the admin keeps (knowledge.LegalText)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from knowledge.models import LegalText


def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    # Until the admin has written a text, the page still answers (every footer links here): the imprint
    # with the company's own details, the others with a way to ask.
    text = LegalText.objects.filter(kind=kind).first()
    return render(
        request,
        "legal/page.html",
        {"kind": kind, "title": LegalText.Kind(kind).label, "text": text},
    )
