"""Sign-in by magic link: ask for the e-mail address, open the link, press "Anmelden", sign out.

A page that sent the resident here (the ticket an e-mail linked to) comes along as `next`, through the
link in the mail, and is where the sign-in ends; only a path of the portal itself is followed."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import backends, magic
from estate.fields import EmailField


class EmailForm(forms.Form):
    email = EmailField(
        label=_("Ihre E-Mail-Adresse"),
        max_length=254,
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse ein."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein, etwa name@beispiel.de."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


def safe_next(value: str | None) -> str:
    """`value` if it is a path in the portal (no other site, scheme or host, no protocol-relative
    `//evil`), else "" so the sign-in ends on the portal's home page."""
    if not value or len(value) > 500 or not value.startswith(reverse("portal:home")):
        return ""
    if value.startswith("//") or "\\" in value or any(ord(ch) < 32 for ch in value):
        return ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=set()) else ""


def _with_next(url: str, next_path: str) -> str:
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


@require_http_methods(["GET", "POST"])
def login_request(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if magic.rate_limited(email=email, ip=request.META.get("REMOTE_ADDR", "")):
            return render(request, "portal/rate_limited.html", status=429)
        next_path = safe_next(request.GET.get("next"))
        magic.link_request(
            email=email,
            build_url=lambda token: request.build_absolute_uri(
                _with_next(reverse("portal:link", args=[token]), next_path)
            ),
        )
        return redirect("portal:login_sent")
    return render(request, "portal/login.html", {"form": form})


def login_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/login_sent.html")


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows the button (mail scanners open links); the POST uses the token."""
    try:
        if request.method == "GET":
            magic.link_check(token=token)
            return render(request, "portal/link.html", {"token": token})
        user = magic.link_consume(token=token)
    except magic.LinkInvalid as invalid:
        status = 400 if invalid.reason == "tampered" else 410
        return render(request, "portal/link_invalid.html", {"reason": invalid.reason}, status=status)
    # login() flushes a session that belonged to someone else and rotates the key in any case.
    login(request, user, backend=backends.PATH)
    request.session.set_expiry(settings.PORTAL_SESSION_AGE)
    return redirect(safe_next(request.GET.get("next")) or "portal:home")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = redirect("portal:login")
    # Nothing of the resident stays on the device: the service worker's copies of pages, report drafts.
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response
