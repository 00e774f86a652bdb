"""Staff sign-in with a password, with a lock-out after repeated failures, and sign-out."""

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import lockout, twofactor
from ..forms import SignInForm


def signin(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username, ip = form.cleaned_data["username"], lockout.client_ip(request)
        if lockout.is_locked(username=username, ip=ip):
            form.add_error(
                None,
                _(
                    "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung ist für 15 Minuten gesperrt. "
                    "Bitte wenden Sie sich bei Bedarf an die IT."
                ),
            )
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is not None and user.is_staff:
                if code_step := twofactor.start_code_step(request, user, next_url):
                    return code_step
                lockout.clear_failures(username=username, ip=ip)
                login(request, user)
                return HttpResponseRedirect(next_url or reverse("backoffice:queue"))
            lockout.record_failure(username=username, ip=ip)
            form.add_error(None, _("Benutzername oder Passwort ist falsch."))
            status = 400
    return render(request, "backoffice/signin.html", {"form": form, "next": next_url}, status=status)


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(reverse("backoffice:signin"))
