"""Zwei-Faktor-Anmeldung: staff can add a TOTP authenticator app to their account (required for all when
BACKOFFICE_REQUIRE_2FA is on); sign-in then asks for its six-digit code after the password."""

import base64

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import lockout
from .access import staff_required

# The password step leaves who passed it in the session; only the code step signs them in.
PENDING_USER = "twofactor_pending_user"
PENDING_BACKEND = "twofactor_pending_backend"
PENDING_NEXT = "twofactor_pending_next"


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Code aus der Authenticator-App"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Bitte geben Sie den sechsstelligen Code ein.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            autocomplete="one-time-code", inputmode="numeric", autofocus=True
        )


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_enrolment(request: HttpRequest) -> bool:
    """With BACKOFFICE_REQUIRE_2FA, staff without a confirmed device may only open the set-up page."""
    if not settings.BACKOFFICE_REQUIRE_2FA:
        return False
    match = request.resolver_match
    if match is not None and match.view_name == "backoffice:twofactor_setup":
        return False
    return not has_device(request.user)


def start_code_step(request: HttpRequest, user, next_url: str) -> HttpResponse | None:
    """After a correct password: users with a device go on to the code page instead of being signed in."""
    if not has_device(user):
        return None
    request.session.cycle_key()
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_BACKEND] = user.backend
    request.session[PENDING_NEXT] = next_url
    return HttpResponseRedirect(reverse("backoffice:signin_code"))


def _verify(user, code: str) -> bool:
    # verify_token refuses a time step already used (replay) and throttles after misses.
    return any(d.verify_token(code) for d in TOTPDevice.objects.filter(user=user, confirmed=True))


def signin_code(request: HttpRequest) -> HttpResponse:
    user = get_user_model().objects.filter(pk=request.session.get(PENDING_USER), is_active=True).first()
    if user is None:
        return HttpResponseRedirect(reverse("backoffice:signin"))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username, ip = user.get_username(), lockout.client_ip(request)
        if lockout.is_locked(username=username, ip=ip):
            form.add_error(
                None,
                _(
                    "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung ist für 15 Minuten gesperrt. "
                    "Bitte wenden Sie sich bei Bedarf an die IT."
                ),
            )
            status = 429
        elif _verify(user, form.cleaned_data["code"].strip()):
            lockout.clear_failures(username=username, ip=ip)
            backend = request.session.get(PENDING_BACKEND)
            next_url = request.session.get(PENDING_NEXT) or ""
            login(request, user, backend=backend)
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = ""
            return HttpResponseRedirect(next_url or reverse("backoffice:queue"))
        else:
            lockout.record_failure(username=username, ip=ip)
            form.add_error(None, _("Der Code ist falsch oder wurde schon verwendet."))
            status = 400
    return render(request, "backoffice/twofactor/code.html", {"form": form}, status=status)


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@staff_required
def setup(request: HttpRequest) -> HttpResponse:
    """Einrichten: a new, unconfirmed device shows its secret until the first correct code confirms it;
    after that the secret is never shown again."""
    if has_device(request.user):
        return render(request, "backoffice/twofactor/setup.html", {"enabled": True})
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("Authenticator-App"), confirmed=False)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            messages.success(request, _("Die Zwei-Faktor-Anmeldung ist eingerichtet."))
            return HttpResponseRedirect(reverse("backoffice:account"))
        form.add_error(None, _("Der Code ist falsch. Bitte prüfen Sie die Uhrzeit Ihres Telefons."))
    if request.method == "POST":
        status = 400
    context = {
        "form": form,
        "secret": base64.b32encode(device.bin_key).decode(),
        # Our own SVG from the qrcode package, no user input in it: safe to put into the page.
        "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308
        "uri": device.config_url,
    }
    return render(request, "backoffice/twofactor/setup.html", context, status=status)


urlpatterns = [
    path("anmelden/code/", signin_code, name="signin_code"),
    path("konto/zwei-faktor/", setup, name="twofactor_setup"),
]
