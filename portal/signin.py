"""Sign-in by magic link: ask for the e-mail address, open the link, press "Anmelden", sign out."""

from django import forms
from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import magic


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        max_length=254,
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse ein."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein, etwa name@beispiel.de."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


@require_http_methods(["GET", "POST"])
def login_request(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if magic.rate_limited(email=email, ip=request.META.get("REMOTE_ADDR", "")):
            return render(request, "portal/rate_limited.html", status=429)
        magic.link_request(
            email=email,
            build_url=lambda token: request.build_absolute_uri(reverse("portal:link", args=[token])),
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
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.set_expiry(settings.PORTAL_SESSION_AGE)
    return redirect("portal:home")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:login")
