"""Mein Konto: the signature under one's replies, and the way to one's calendar feed."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


urlpatterns = [path("konto/", account, name="account")]
