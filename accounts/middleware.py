"""Staff work in the language they chose in the back-office, on every device they sign in on."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class StaffLanguageMiddleware:
    """After LocaleMiddleware (cookie, then browser) and authentication: a staff member's stored language
    wins, so a shared office PC or a new phone shows the back-office and admin as they chose it. Tenants keep
    the portal's choice by cookie and browser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_staff and user.language in dict(settings.LANGUAGES):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
