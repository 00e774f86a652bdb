"""Zustimmung zur Vertragsänderung: the page every tenant of the contract and the person moving in or out
open from their e-mail. The signed, expiring link is the key (processes.notice_consent, the same as for a
Kündigung): no sign-in is needed, but someone signed in as another person is refused (403) before anything
is read or stored. GET only shows the change and the buttons (mail scanners open links), POST answers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.views.decorators.http import require_http_methods

from contracts.models import ContractChange
from contracts.standard import CODES as TEMPLATES
from processes.errors import ProcessError
from processes.notice_consent import (
    LinkExpired,
    LinkInvalid,
    agreed_text,
    answer_of,
    consent_answer,
    consent_for_token,
    consent_rows,
    consent_step,
)

from .access import current_party

PAGE = "portal/contracts/consent.html"


def _someone_else(request: HttpRequest, party) -> bool:
    if not request.user.is_authenticated:
        return False
    signed_in = current_party(request)
    return signed_in is None or signed_in.pk != party.pk


@require_http_methods(["GET", "POST"])
def consent_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        process, party = consent_for_token(token)
        if process.template.code not in TEMPLATES:
            raise LinkInvalid()
    except LinkInvalid as invalid:
        status = 410 if isinstance(invalid, LinkExpired) else 404
        return render(request, PAGE, {"invalid": invalid.message, "expired": status == 410}, status=status)
    if _someone_else(request, party):
        return render(request, PAGE, {"wrong_person": party}, status=403)
    language = party.language or "de"
    error, status = "", 200
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if answer not in ("agreed", "refused"):
            error, status = ProcessError.default_message, 400
        else:
            try:
                consent_answer(
                    process,
                    party,
                    agreed=answer == "agreed",
                    language=language,
                    ip_address=request.META.get("REMOTE_ADDR"),
                    user_agent=request.headers.get("User-Agent", ""),
                )
            except ProcessError as refused:
                error, status = refused.message, 409
            else:
                return redirect("portal:contract_consent", token=token)
    step = consent_step(process)
    context = {
        "process": process,
        "change": ContractChange.objects.filter(process=process).first(),
        "party": party,
        "text": agreed_text(process, language),
        "answer": answer_of(process, party),
        "is_open": step is not None and step.state == step.State.ACTIVE and process.is_running,
        "consents": consent_rows(process),
        "error": error,
    }
    with translation.override(language):
        return render(request, PAGE, context, status=status)


urlpatterns = [path("mietvertrag/zustimmung/<str:token>/", consent_page, name="contract_consent")]
