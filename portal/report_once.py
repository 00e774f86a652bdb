"""The report form's send key (a hidden field made when the form is first shown) and the digest of what
was sent under it, so a report sent twice makes one ticket (tickets.resend)."""

import hashlib
import uuid
from collections.abc import Callable
from functools import partial

from django.http import HttpRequest

from estate.models import Party
from tickets.resend import ticket_create_once
from tickets.services import ticket_create

FIELD = "report_key"
# Neither changes what was reported: the CSRF token is masked anew on every page.
NOT_CONTENT = {FIELD, "csrfmiddlewaretoken"}


def report_key(request: HttpRequest) -> str:
    """The key the form came back with, else a new one for a form shown for the first time."""
    sent = _sent_key(request)
    return str(sent or uuid.uuid4())


def creator(request: HttpRequest, *, reporter: Party) -> Callable[..., object]:
    """`ticket_create`, once per key where the form carried one (forms shown before the key existed
    have none and are sent as they always were)."""
    key = _sent_key(request)
    if key is None:
        return partial(ticket_create, reporter=reporter)
    return partial(ticket_create_once, key=key, fingerprint=fingerprint(request), reporter=reporter)


def fingerprint(request: HttpRequest) -> str:
    """A digest of the address, the fields and the files' bytes, in a fixed order."""
    digest = hashlib.sha256(request.get_full_path().encode())
    for name in sorted(request.POST):
        if name not in NOT_CONTENT:
            for value in request.POST.getlist(name):
                digest.update(f"\0{name}={value}".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            part = hashlib.sha256()
            for chunk in upload.chunks():
                part.update(chunk)
            upload.seek(0)
            digest.update(f"\0{name}:{part.hexdigest()}".encode())
    return digest.hexdigest()


def _sent_key(request: HttpRequest) -> uuid.UUID | None:
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None
