"""Aushänge in the back-office: notices per property with the period they show on the portal's notice
board; written, changed and ended early by staff who may, and printed as the A4 sheet for the stairwell."""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from estate.fields import LineField, formfield_for
from estate.models import NoticePost, Property
from notifications.letters.render import render_letter
from notifications.letters.specs import notice_board_sheet

from .access import staff_with_permission
from .forms import ModelChoiceField

PERMISSION = "estate.change_noticepost"
DATETIME_INPUT = forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
STATES = [
    ("", gettext_lazy("aktuell und geplant")),
    ("aktuell", gettext_lazy("aktuell sichtbar")),
    ("geplant", gettext_lazy("geplant")),
    ("beendet", gettext_lazy("beendet")),
    ("alle", gettext_lazy("alle")),
]


class NoticeForm(forms.ModelForm):
    property = ModelChoiceField(
        label=gettext_lazy("Liegenschaft"),
        queryset=Property.objects.all(),
        required=False,
        empty_label=gettext_lazy("– alle Liegenschaften –"),
    )
    published_at = forms.DateTimeField(
        label=gettext_lazy("sichtbar ab"), input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT
    )
    expires_at = forms.DateTimeField(
        label=gettext_lazy("sichtbar bis"),
        input_formats=DATETIME_FORMATS,
        widget=DATETIME_INPUT,
        required=False,
        help_text=gettext_lazy("Leer: bis der Aushang beendet wird."),
    )

    class Meta:
        model = NoticePost
        formfield_callback = formfield_for
        fields = ["property", "title", "body", "published_at", "expires_at"]
        widgets = {"body": forms.Textarea({"rows": 8})}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("published_at") and data.get("expires_at") and data["expires_at"] <= data["published_at"]:
            self.add_error("expires_at", _("Das Ende liegt vor dem Beginn."))
        return data


class NoticeFilterForm(forms.Form):
    liegenschaft = LineField(label=gettext_lazy("Liegenschaft (Nummer)"), max_length=20, required=False)
    zeitraum = forms.ChoiceField(label=gettext_lazy("Zeitraum"), choices=STATES, required=False)


def _filtered(data: dict):
    now = timezone.now()
    notices = NoticePost.objects.select_related("property", "created_by")
    if data.get("liegenschaft"):
        notices = notices.filter(property__code__iexact=data["liegenschaft"].strip())
    state = data.get("zeitraum", "")
    ended = Q(expires_at__lte=now)
    if state == "aktuell":
        notices = notices.current(now)
    elif state == "geplant":
        notices = notices.filter(published_at__gt=now)
    elif state == "beendet":
        notices = notices.filter(ended)
    elif state != "alle":
        notices = notices.exclude(ended)
    return notices


@staff_with_permission(PERMISSION)
def notice_list(request: HttpRequest) -> HttpResponse:
    form = NoticeFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    notices = list(_filtered(data)[:200])
    now = timezone.now()
    for notice in notices:
        notice.is_ended = bool(notice.expires_at and notice.expires_at <= now)
        notice.state = (
            _("beendet") if notice.is_ended else _("geplant") if notice.published_at > now else _("sichtbar")
        )
    return render(request, "backoffice/notices/list.html", {"form": form, "notices": notices})


@staff_with_permission(PERMISSION)
def notice_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    notice = get_object_or_404(NoticePost, pk=pk) if pk else None
    initial = (
        {"published_at": timezone.localtime().replace(second=0, microsecond=0)} if notice is None else {}
    )
    form = NoticeForm(request.POST or None, instance=notice, initial=initial)
    if request.method == "POST" and form.is_valid():
        if notice is None:
            form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Der Aushang „%(title)s“ ist gespeichert.") % {"title": form.instance})
        return HttpResponseRedirect(reverse("backoffice:notices"))
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/notices/edit.html", {"form": form, "notice": notice}, status=status)


@require_POST
@staff_with_permission(PERMISSION)
def notice_end(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(NoticePost, pk=pk)
    now = timezone.now()
    if notice.expires_at is None or notice.expires_at > now:
        # Ended, never deleted: the portal's board drops it and the list still shows what hung there.
        NoticePost.objects.filter(pk=notice.pk).update(expires_at=now)
    messages.success(request, _("Der Aushang „%(title)s“ ist beendet.") % {"title": notice.title})
    return HttpResponseRedirect(reverse("backoffice:notices"))


@staff_with_permission(PERMISSION)
def notice_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The A4 sheet for the stairwell, as a PDF; a notice for all properties has no one stairwell."""
    notice = get_object_or_404(NoticePost.objects.select_related("property"), pk=pk)
    if notice.property is None:
        raise Http404()
    paragraphs = [part.strip() for part in notice.body.replace("\r\n", "\n").split("\n\n") if part.strip()]
    pdf = render_letter(notice_board_sheet(notice.property, title=notice.title, paragraphs=paragraphs))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="aushang-{notice.property.code}-{notice.pk}.pdf"'
    return response


urlpatterns = [
    path("aushang/", notice_list, name="notices"),
    path("aushang/neu/", notice_edit, name="notice_new"),
    path("aushang/<int:pk>/", notice_edit, name="notice_edit"),
    path("aushang/<int:pk>/beenden/", notice_end, name="notice_end"),
    path("aushang/<int:pk>/aushang.pdf", notice_sheet, name="notice_sheet"),
]
