"""Mein Konto: the signature under one's replies, the way to one's calendar feed, and one's language."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from estate.fields import formfield_for

from .access import staff_required


class SignatureForm(forms.ModelForm):
    class Meta:
        model = User
        formfield_callback = formfield_for
        fields = ["signature", "mail_footer"]
        widgets = {"signature": forms.Textarea({"rows": 5}), "mail_footer": forms.Textarea({"rows": 3})}
        help_texts = {
            "signature": gettext_lazy(
                "Steht unter jeder Antwort an Mieter, die Sie schreiben, z. B. Gruß, Name, Telefon."
            )
        }


@staff_required
def account(request: HttpRequest) -> HttpResponse:
    form = SignatureForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        # Only the signature: a full save would write back every field the session's user object holds.
        User.objects.filter(pk=request.user.pk).update(
            signature=form.cleaned_data["signature"].strip(),
            mail_footer=form.cleaned_data["mail_footer"].strip(),
        )
        messages.success(request, _("Ihre Signatur ist gespeichert."))
        return HttpResponseRedirect(reverse("backoffice:account"))
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/account/page.html", {"form": form}, status=status)


@require_POST
@staff_required
def language(request: HttpRequest) -> HttpResponse:
    """The DE / EN / NL switch in the header: stored with the user, so it holds on every device (see
    accounts.middleware), and as the cookie, so the sign-in page after signing out stays in it too."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest()
    User.objects.filter(pk=request.user.pk).update(language=code)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("backoffice:queue")
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


urlpatterns = [
    path("konto/", account, name="account"),
    path("konto/sprache/", language, name="language"),
]
