"""Our own error pages, in the site's layout and the reader's language, with the hotline. Whatever a
person may not see answers 404 (also where Django would say 403), so nobody learns that it exists. The
pages are rendered without the request's context processors: a 500 must not need the database. An API
client gets problem details (RFC 9457) instead, also for what Django refused before the API saw it."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

from api.problems import problem_response

API_PREFIX = "/api/"


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem_response(request, status)
    html = render_to_string(f"errors/{template}.html", {"company": settings.COMPANY, "status": status})
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if isinstance(exception, MultiPartParserError):
        # Most often a file whose name is too long for the form's part header (Django allows 1 KB): say so.
        return _page(request, "400_upload", 400)
    return _page(request, "400", 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "404", 404)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "404", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, "500", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that was open too long (or from another site): say so, and how to go on."""
    return _page(request, "403", 403)
