"""Textbausteine in the back-office: the list, a new block and changes, for staff who may change them."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estate.fields import formfield_for
from tickets.textblocks import PLACEHOLDERS
from tickets.workspace import TextBlock

from .access import staff_with_permission

PERMISSION = "tickets.change_textblock"


class TextBlockForm(forms.ModelForm):
    class Meta:
        model = TextBlock
        formfield_callback = formfield_for
        fields = ["title", "code", "category", "body_de", "body_en", "body_nl", "position", "active"]
        widgets = {name: forms.Textarea({"rows": 6}) for name in ("body_de", "body_en", "body_nl")}
        help_texts = {
            "body_de": gettext_lazy("Platzhalter: %(names)s")
            % {"names": ", ".join("{" + name + "}" for name in PLACEHOLDERS)},
            "body_en": gettext_lazy("Leer: Mieter mit Sprache Englisch erhalten den deutschen Text."),
            "body_nl": gettext_lazy("Leer: Mieter mit Sprache Niederländisch erhalten den deutschen Text."),
        }


@staff_with_permission(PERMISSION)
def text_block_list(request: HttpRequest) -> HttpResponse:
    blocks = TextBlock.objects.select_related("category")
    return render(request, "backoffice/textblocks/list.html", {"blocks": blocks})


@staff_with_permission(PERMISSION)
def text_block_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    block = get_object_or_404(TextBlock, pk=pk) if pk else None
    form = TextBlockForm(request.POST or None, instance=block)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Der Textbaustein „%(title)s“ ist gespeichert.") % {"title": form.instance}
        )
        return HttpResponseRedirect(reverse("backoffice:text_blocks"))
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/textblocks/edit.html", {"form": form, "block": block}, status=status)


urlpatterns = [
    path("textbausteine/", text_block_list, name="text_blocks"),
    path("textbausteine/neu/", text_block_edit, name="text_block_new"),
    path("textbausteine/<int:pk>/", text_block_edit, name="text_block_edit"),
]
