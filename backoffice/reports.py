"""Auswertungen: the report pages, their CSV downloads, the monthly PDF on demand, the tickets behind a
hot spot, and the staff's quality check of finished jobs. The figures come from reports.pages."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalogs.models import Category
from estate.models import Property, Team
from reports.dashboard import overview
from reports.export import page_csv, page_xlsx
from reports.feedback import quality_check_record
from reports.hotspots import hotspot_tickets
from reports.models import QualityCheck
from reports.monthly import render_pdf
from reports.pages import PAGES, build
from reports.scope import Scope
from tickets.models import Ticket
from tickets.status import Status

from .access import get_ticket_or_404, staff_with_permission

VIEW_REPORTS = "reports.view_reports"
reports_required = staff_with_permission(VIEW_REPORTS)
# The longest period one page may cover: the queries stay on the indexed date range either way, but a
# decade of weeks is no chart anyone reads.
MAX_DAYS = 3 * 366
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ScopeForm(forms.Form):
    von = forms.DateField(
        label=gettext_lazy("von"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    bis = forms.DateField(
        label=gettext_lazy("bis"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    liegenschaft = forms.CharField(label=gettext_lazy("Liegenschaft (Nummer)"), max_length=20, required=False)
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("alle"),
    )
    kategorie = forms.ModelChoiceField(
        label=gettext_lazy("Kategorie"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=gettext_lazy("alle"),
    )
    raster = forms.ChoiceField(
        label=gettext_lazy("Raster"),
        choices=[("month", gettext_lazy("Monate")), ("week", gettext_lazy("Wochen"))],
        required=False,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("von"), data.get("bis")
        if start and end and start > end:
            raise forms.ValidationError(_("„von“ liegt nach „bis“."))
        if start and end and (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Bitte höchstens drei Jahre auf einmal auswerten."))
        code = data.get("liegenschaft", "").strip()
        data["property_id"] = None
        if code:
            data["property_id"] = Property.objects.filter(code=code).values_list("pk", flat=True).first()
            if data["property_id"] is None:
                self.add_error("liegenschaft", _("Keine Liegenschaft mit dieser Nummer."))
        return data


def _scope(request: HttpRequest) -> tuple[Scope, ScopeForm]:
    scope = Scope.default()
    # The form shows the period in effect, so "the last twelve months" reads as dates, not empty fields.
    form = ScopeForm(request.GET or None, initial={"von": scope.start, "bis": scope.end})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        scope = scope.but(
            start=data["von"] or scope.start,
            end=data["bis"] or scope.end,
            property_id=data["property_id"],
            team_id=data["team"].pk if data["team"] else None,
            category_id=data["kategorie"].pk if data["kategorie"] else None,
            grain=data["raster"] or "month",
        )
        if scope.start > scope.end or (scope.end - scope.start).days > MAX_DAYS:
            scope = Scope.default()
    return scope, form


def _nav() -> list[tuple[str, str]]:
    return [(slug, str(title)) for slug, (_builder, title) in PAGES.items()]


@reports_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope, form = _scope(request)
    return render(
        request,
        "backoffice/reports/dashboard.html",
        {"data": overview(scope), "scope": scope, "form": form, "nav": _nav(), "current": ""},
    )


@reports_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in PAGES:
        raise Http404
    scope, form = _scope(request)
    page = build(slug, scope)
    download = request.GET.get("format")
    if download == "csv":
        response = HttpResponse(page_csv(page), content_type="text/csv; charset=utf-8")
    elif download == "xlsx":
        link_base = request.build_absolute_uri(reverse("backoffice:report_hotspot"))
        response = HttpResponse(page_xlsx(page, link_base=link_base), content_type=XLSX)
    if download in {"csv", "xlsx"}:
        response["Content-Disposition"] = (
            f'attachment; filename="{slug}-{scope.start}-{scope.end}.{download}"'
        )
        return response
    return render(
        request,
        "backoffice/reports/page.html",
        {"page": page, "scope": scope, "form": form, "nav": _nav(), "current": slug},
    )


@reports_required
def monthly_pdf(request: HttpRequest) -> HttpResponse:
    scope, _form = _scope(request)
    title = _("Auswertung %(start)s bis %(end)s") % {
        "start": scope.start.strftime("%d.%m.%Y"),
        "end": scope.end.strftime("%d.%m.%Y"),
    }
    pdf = render_pdf(scope, title=title, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="auswertung-{scope.start}-{scope.end}.pdf"'
    return response


@reports_required
def hotspot(request: HttpRequest) -> HttpResponse:
    condition = hotspot_tickets(request.GET)
    if condition is None:
        raise Http404
    tickets = (
        Ticket.objects.visible_to(request.user)
        .filter(condition)
        .select_related("item", "property", "unit__building", "contractor")
        .order_by("-created_at", "-id")[:100]
    )
    return render(
        request, "backoffice/reports/hotspot.html", {"tickets": tickets, "nav": _nav(), "current": "hotspots"}
    )


class QualityCheckForm(forms.ModelForm):
    class Meta:
        model = QualityCheck
        fields = ["result", "passed", "note"]
        widgets = {
            "result": forms.Select(choices=[(i, str(i)) for i in range(5, 0, -1)]),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


@reports_required
def quality(request: HttpRequest) -> HttpResponse:
    """Jobs finished in the last 30 days by a contractor, newest first, each with its check or a form."""
    since = timezone.now() - dt.timedelta(days=30)
    jobs = (
        Ticket.objects.visible_to(request.user)
        .filter(status=Status.DONE, closed_at__gte=since, contractor__isnull=False)
        .select_related("item", "property", "unit__building", "contractor", "quality_check", "feedback")
        .order_by("-closed_at", "-id")[:50]
    )
    return render(
        request,
        "backoffice/reports/quality.html",
        {"jobs": jobs, "form": QualityCheckForm(), "nav": _nav(), "current": "quality"},
    )


@require_POST
@reports_required
def quality_record(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = get_ticket_or_404(request, reference)
    if ticket.status != Status.DONE:
        raise Http404
    form = QualityCheckForm(request.POST)
    if form.is_valid():
        quality_check_record(ticket=ticket, user=request.user, **form.cleaned_data)
        messages.success(request, _("Qualitätsprüfung für %(ref)s gespeichert.") % {"ref": ticket.reference})
    else:
        messages.error(request, _("Bitte ein Ergebnis von 1 bis 5 wählen."))
    return HttpResponseRedirect(reverse("backoffice:report_quality") + f"#job-{ticket.pk}")


urlpatterns = [
    path("auswertungen/", dashboard, name="reports"),
    path("auswertungen/monatsbericht.pdf", monthly_pdf, name="report_pdf"),
    path("auswertungen/schwerpunkt/", hotspot, name="report_hotspot"),
    path("auswertungen/qualitaet/", quality, name="report_quality"),
    path("auswertungen/qualitaet/<ref:reference>/", quality_record, name="report_quality_record"),
    path("auswertungen/<slug:slug>/", report, name="report"),
]
