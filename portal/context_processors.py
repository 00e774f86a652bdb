"""The company's name and hotline on every page (header, footer, error pages)."""

from django.conf import settings
from django.http import HttpRequest


def company(request: HttpRequest) -> dict:
    return {"company": settings.COMPANY}
