"""Zustimmung der Mitmieter: the page a co-tenant opens from their e-mail. The signed link is the key (no
sign-in); GET only shows the notice and the buttons (mail scanners open links), POST answers. The rules are
processes.notice_consent."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.views.decorators.http import require_http_methods

from processes.errors import ProcessError
from processes.notice import TEMPLATE as NOTICE
from processes.notice_consent import (
    LinkInvalid,
    agreed_text,
    answer_of,
    consent_answer,
    consent_for_token,
    consent_rows,
    consent_step,
)


@require_http_methods(["GET", "POST"])
def consent_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        process, party = consent_for_token(token)
        if process.template.code != NOTICE:  # a contract change's link has its own page
            raise LinkInvalid()
    except LinkInvalid as invalid:
        return render(request, "portal/notice_consent.html", {"invalid": invalid.message}, status=404)
    # The co-tenant reads the notice, and signs it, in the language we write to them in.
    language = party.language or "de"
    error, status = "", 200
    if request.method == "POST":
        error, status = answer_posted(request, process, party, language)
        if not error:
            return redirect("portal:notice_consent", token=token)
    context = consent_context(process, party, language, error=error)
    with translation.override(language):
        return render(request, "portal/notice_consent.html", context, status=status)


def answer_posted(request: HttpRequest, process, party, language: str) -> tuple[str, int]:
    """Store the answer the co-party POSTed (processes.notice_consent): ("", 200) once it is stored, else
    the message and 400 (no answer given) or 409 (the step no longer takes one)."""
    answer = request.POST.get("answer", "")
    if answer not in ("agreed", "refused"):
        return ProcessError.default_message, 400
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
        return refused.message, 409
    return "", 200


def consent_context(process, party, language: str, *, error: str = "") -> dict:
    """What a consent page shows: the text to agree to in the party's language, their answer, whether the
    step still takes answers, and everyone's answers so far."""
    step = consent_step(process)
    return {
        "process": process,
        "party": party,
        "text": agreed_text(process, language),
        "language": language,
        "answer": answer_of(process, party),
        "is_open": step is not None and step.state == step.State.ACTIVE and process.is_running,
        "consents": consent_rows(process),
        "error": error,
    }


urlpatterns = [path("zustimmung/<str:token>/", consent_page, name="notice_consent")]
