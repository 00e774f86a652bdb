"""Vorgänge: the running processes a case worker may see, the nearest deadline first (so the overdue
ones lead), filtered by template, overdue and team. One query for the rows, whatever their number."""

from django import forms
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.models import Team
from processes import access
from processes.models import ProcessTemplate

from .access import staff_required

PAGE = 50


class ProcessFilterForm(forms.Form):
    vorgangsart = forms.ModelChoiceField(
        label=_("Vorgangsart"),
        queryset=ProcessTemplate.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("alle"),
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.all(), required=False, empty_label=_("alle")
    )
    ueberfaellig = forms.BooleanField(label=_("nur überfällige"), required=False)
    seite = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


def running_processes(user, *, template=None, team=None, overdue=False, now=None):
    rows = access.processes_for(user).running()
    if template is not None:
        rows = rows.filter(template=template)
    if team is not None:
        rows = rows.filter(ticket__team=team)
    if overdue:
        rows = rows.filter(next_deadline__lt=now or timezone.now())
    return rows.select_related(
        "template",
        "current_step__template",
        "ticket__property",
        "ticket__team",
        "ticket__assignee",
    ).order_by(F("next_deadline").asc(nulls_last=True), "pk")


@staff_required
def process_list(request: HttpRequest) -> HttpResponse:
    form = ProcessFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = filters.get("seite") or 1
    now = timezone.now()
    rows = running_processes(
        request.user,
        template=filters.get("vorgangsart"),
        team=filters.get("team"),
        overdue=bool(filters.get("ueberfaellig")),
        now=now,
    )
    # One row more than shown says whether a next page exists, without counting them all.
    found = list(rows[(page - 1) * PAGE : page * PAGE + 1])
    query = request.GET.copy()
    query.pop("seite", None)
    context = {
        "form": form,
        "rows": found[:PAGE],
        "now": now,
        "page": page,
        "more": len(found) > PAGE,
        "query": query.urlencode(),
    }
    return render(request, "backoffice/processes/list.html", context)


urlpatterns = [path("vorgaenge/", process_list, name="processes")]
