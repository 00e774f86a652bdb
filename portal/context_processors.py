"""The company's name and hotline on every page (header, footer, error pages), and whether the signed-in
resident is a caretaker (their menu has "Meine Aufträge")."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import current_party, is_caretaker


def company(request: HttpRequest) -> dict:
    return {"company": settings.COMPANY}


def caretaker(request: HttpRequest) -> dict:
    # Lazy: only pages that draw the resident's menu ask the database.
    return {"is_caretaker": SimpleLazyObject(lambda: is_caretaker(current_party(request)))}
