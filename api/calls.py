"""What happens around every API call: an `Idempotency-Key` on a POST is honoured (the first answer is
stored and replayed), every error leaves as problem details, nothing is cached, and the call is logged
for the integration that made it."""

import datetime as dt
import functools
import hashlib
import time

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _

from .auth import client_ip, integration_for
from .models import IdempotentRequest, IntegrationCall
from .problems import CONTENT_TYPE, problem_response

KEY_KEPT = dt.timedelta(hours=24)
# A request that died mid-way (a worker killed) leaves its key running; after this it may be retried.
RUNNING_GIVEN_UP = dt.timedelta(minutes=10)


def wrapped(view):
    @functools.wraps(view)
    def call(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        started = time.monotonic()
        pending, response = None, None
        if request.method == "POST" and "Idempotency-Key" in request.headers:
            pending, response = _idempotency_begin(request)
        if response is None:
            response = view(request, *args, **kwargs)
            if pending is not None:
                _idempotency_finish(pending, response)
        response = _as_problem(request, response)
        response["Cache-Control"] = "no-store"
        _log(request, response, started, replayed=response.has_header("Idempotent-Replayed"))
        return response

    return call


def not_found(request: HttpRequest) -> HttpResponse:
    return problem_response(request, 404, _("Nicht gefunden."))


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    if request.content_type == "multipart/form-data":
        # The boundary differs on every send; the fields and the files' contents do not.
        for name, value in sorted(request.POST.lists()):
            digest.update(f"{name}={value}\n".encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(f"{name}:{upload.name}:{upload.size}\n".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _idempotency_begin(request: HttpRequest):
    """(row to fill, None) for a first request; (None, stored answer or problem) otherwise."""
    integration = integration_for(request)
    if integration is None:
        return None, None  # the operation answers 401
    key = request.headers["Idempotency-Key"].strip()
    if not key or len(key) > 255:
        return None, problem_response(
            request, 422, _("Der Idempotency-Key muss 1 bis 255 Zeichen lang sein."), kind="validation"
        )
    try:
        fingerprint = _fingerprint(request)
    except MultiPartParserError as broken:
        return None, problem_response(request, 400, str(broken))
    now = timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return IdempotentRequest.objects.create(
                    integration=integration, key=key, fingerprint=fingerprint, created_at=now
                ), None
        except IntegrityError:
            stored = IdempotentRequest.objects.filter(integration=integration, key=key).first()
        if stored is None:
            continue
        stale = stored.created_at < now - (KEY_KEPT if stored.status else RUNNING_GIVEN_UP)
        if stale:
            stored.delete()
            continue
        if stored.fingerprint != fingerprint:
            return None, problem_response(
                request,
                422,
                _("Dieser Idempotency-Key gehört zu einer anderen Anfrage."),
                kind="idempotency-key-reused",
            )
        if stored.status is None:
            return None, problem_response(
                request,
                409,
                _("Eine Anfrage mit diesem Idempotency-Key läuft noch."),
                kind="conflict",
                headers={"Retry-After": "5"},
            )
        response = HttpResponse(bytes(stored.body), status=stored.status, content_type=stored.content_type)
        response["Idempotent-Replayed"] = "true"
        return None, response
    return None, problem_response(request, 409, _("Bitte später erneut versuchen."), kind="conflict")


def _idempotency_finish(pending: IdempotentRequest, response: HttpResponse) -> None:
    if response.status_code >= 500:
        pending.delete()  # nothing happened for sure: the client may retry
        return
    IdempotentRequest.objects.filter(pk=pending.pk).update(
        status=response.status_code,
        content_type=response.get("Content-Type", ""),
        body=response.content,
    )


def _as_problem(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """An error answered outside our handlers (a method not allowed, say) becomes a problem too."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(CONTENT_TYPE):
        return response
    headers = {"Allow": response["Allow"]} if response.has_header("Allow") else {}
    return problem_response(request, response.status_code, headers=headers)


def _log(request: HttpRequest, response: HttpResponse, started: float, *, replayed: bool) -> None:
    integration = getattr(request, "api_integration", None) or getattr(request, "api_integration_seen", None)
    if integration is None:
        return  # no token of ours: nobody to show it to, and no table to fill for strangers
    IntegrationCall.objects.create(
        integration=integration,
        method=request.method,
        path=request.get_full_path()[:500],
        status=response.status_code,
        duration_ms=int((time.monotonic() - started) * 1000),
        ip=client_ip(request) or None,
        replayed=replayed,
    )
