"""Errors a client can act on: RFC 9457 problem details (application/problem+json) for every error the
API answers, with the fields (and rows of a bulk request) that were wrong."""

import json
import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tickets.errors import AttachmentNotStored, StaleTicket, TicketError, TransitionNotAllowed
from tickets.uploads import UploadRefused

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
# Relative URIs (RFC 9457 allows references): they point into the API's own documentation.
TYPE_BASE = "/api/v1/docs#problem-"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class FieldError(Schema):
    """One thing wrong with the request: where (a dotted path such as `items.3.area`) and why."""

    field: str
    message: str
    row: int | None = None


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None


class ApiProblem(Exception):
    """Raised anywhere in the API to answer with a problem."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        kind: str = "",
        errors: list[dict] | None = None,
        headers: dict | None = None,
    ):
        self.status = status
        self.detail = detail
        self.kind = kind
        self.errors = errors
        self.headers = headers or {}
        super().__init__(detail or TITLES.get(status, ""))


def problem_response(
    request: HttpRequest | None,
    status: int,
    detail: str = "",
    *,
    kind: str = "",
    errors: list[dict] | None = None,
    headers: dict | None = None,
) -> HttpResponse:
    body = {
        "type": f"{TYPE_BASE}{kind}" if kind else "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
    }
    if detail:
        body["detail"] = str(detail)
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_errors(pydantic_errors: list[dict]) -> list[dict]:
    """Pydantic's errors as fields a client knows: the parameter source and name dropped, the row of a
    bulk request (`items.<n>`) given as its own number."""
    found = []
    for error in pydantic_errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in {"body", "query", "path", "form", "file", "header"}:
            loc = loc[1:]
        if len(loc) > 1 and loc[0] in {"payload", "data", "filters"}:
            loc = loc[1:]
        row = int(loc[1]) if len(loc) > 1 and loc[0] == "items" and loc[1].isdigit() else None
        found.append({"field": ".".join(loc) or "body", "message": str(error.get("msg", "")), "row": row})
    return found


def validation_errors(
    error: DjangoValidationError, *, prefix: str = "", row: int | None = None
) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {
                "field": f"{prefix}{field}" if field != "__all__" else prefix.rstrip(".") or "body",
                "message": message,
                "row": row,
            }
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [
        {"field": prefix.rstrip(".") or "body", "message": message, "row": row} for message in error.messages
    ]


def install(api) -> None:
    """Every exception the API can meet answers with a problem."""

    def handle(exc_class, answer):
        api.add_exception_handler(exc_class, lambda request, exc: answer(request, exc))

    handle(
        ApiProblem,
        lambda r, e: problem_response(r, e.status, e.detail, kind=e.kind, errors=e.errors, headers=e.headers),
    )
    handle(
        NinjaValidationError,
        lambda r, e: problem_response(
            r,
            422,
            _("Die Anfrage enthält ungültige Angaben."),
            kind="validation",
            errors=field_errors(e.errors),
        ),
    )
    handle(
        AuthenticationError,
        lambda r, e: problem_response(
            r,
            401,
            _("Ein gültiges Token fehlt (Authorization: Bearer …)."),
            kind="unauthorized",
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        ),
    )
    handle(HttpError, lambda r, e: problem_response(r, e.status_code, str(e)))
    handle(Http404, lambda r, e: problem_response(r, 404, _("Nicht gefunden.")))
    handle(ObjectDoesNotExist, lambda r, e: problem_response(r, 404, _("Nicht gefunden.")))
    handle(
        DjangoValidationError,
        lambda r, e: problem_response(
            r,
            422,
            _("Die Anfrage enthält ungültige Angaben."),
            kind="validation",
            errors=validation_errors(e),
        ),
    )
    handle(UploadRefused, lambda r, e: problem_response(r, 422, str(e), kind="upload"))
    handle(TicketError, _ticket_problem)
    # A value that slipped past the shapes but the database refuses (a NUL in a path, say).
    handle(
        DataError,
        lambda r, e: problem_response(
            r, 422, _("Die Anfrage enthält Zeichen, die nicht gespeichert werden können."), kind="validation"
        ),
    )
    handle(MultiPartParserError, lambda r, e: problem_response(r, 400, str(e)))
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE: the client splits it (bulk rows) and sends again.
    handle(
        RequestDataTooBig,
        lambda r, e: problem_response(
            r,
            413,
            _("Die Anfrage ist zu groß: höchstens %(mb)s MB; bitte in kleineren Teilen senden.")
            % {"mb": round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024, 1)},
            kind="too-large",
        ),
    )
    # Two writers raced for the same key (two syncs at once): the loser may simply send again.
    handle(
        IntegrityError,
        lambda r, e: problem_response(
            r, 409, _("Gleichzeitig geändert; bitte erneut senden."), kind="conflict"
        ),
    )
    handle(Exception, _unexpected)


def _ticket_problem(request: HttpRequest, exc: TicketError) -> HttpResponse:
    if isinstance(exc, TransitionNotAllowed | StaleTicket):
        return problem_response(request, 409, str(exc.message), kind="conflict")
    if isinstance(exc, AttachmentNotStored):
        return problem_response(request, 503, str(exc.message), headers={"Retry-After": "30"})
    return problem_response(request, 422, str(exc.message), kind="validation")


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem_response(request, 500, _("Ein unerwarteter Fehler ist aufgetreten."))


def documented(*codes: int) -> dict:
    """The problems an operation can answer, for its OpenAPI responses: every operation may meet a body
    that is no JSON (400), a missing token (401), a missing scope or address (403), a body too large
    (413), bad input (422) and its rate limit (429)."""
    return {code: Problem for code in sorted({400, 401, 403, 413, 422, 429, *codes})}
