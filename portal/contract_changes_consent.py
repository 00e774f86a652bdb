"""Zustimmung zur Vertragsänderung: the page every tenant of the contract and the person moving in or out
open from their e-mail. The signed, expiring link is the key (processes.notice_consent, the same as for a
Kündigung; one that staff replaced by a new link no longer opens, contracts.consent_links): no sign-in is
needed, but someone signed in as another person is refused (403) before anything is read or stored. GET
only shows the change and the buttons (mail scanners open links), POST answers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.views.decorators.http import require_http_methods

from contracts.consent_links import LinkReplaced, change_for_token
from processes.notice_consent import LinkExpired, LinkInvalid

from .access import current_party
from .consent import answer_posted, consent_context

PAGE = "portal/contracts/consent.html"


def _someone_else(request: HttpRequest, party) -> bool:
    if not request.user.is_authenticated:
        return False
    signed_in = current_party(request)
    return signed_in is None or signed_in.pk != party.pk


@require_http_methods(["GET", "POST"])
def consent_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        change, party = change_for_token(token)
    except LinkInvalid as invalid:
        expired = isinstance(invalid, LinkExpired)
        status = 410 if expired or isinstance(invalid, LinkReplaced) else 404
        return render(request, PAGE, {"invalid": invalid.message, "expired": expired}, status=status)
    if _someone_else(request, party):
        return render(request, PAGE, {"wrong_person": party}, status=403)
    process = change.process
    language = party.language or "de"
    error, status = "", 200
    if request.method == "POST":
        error, status = answer_posted(request, process, party, language)
        if not error:
            return redirect("portal:contract_consent", token=token)
    context = consent_context(process, party, language, error=error)
    context["change"] = change
    with translation.override(language):
        return render(request, PAGE, context, status=status)


urlpatterns = [path("mietvertrag/zustimmung/<str:token>/", consent_page, name="contract_consent")]
