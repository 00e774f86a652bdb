"""Gespeicherte Ansichten: a case worker keeps the queue's current filters under a name, per person."""

from collections import namedtuple
from urllib.parse import parse_qsl, urlencode

from django import forms
from django.contrib import messages
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from estate.fields import LineField
from tickets.workspace import SavedView

from .access import staff_required
from .forms import QueueFilterForm
from .prepared import prepared

# Only the queue's own filters are kept: a page cursor or anything else pasted into the address is not.
KEPT = set(QueueFilterForm.base_fields) - {"after"}


class SavedViewForm(forms.Form):
    name = LineField(label=gettext_lazy("Name der Ansicht"), max_length=100)
    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def clean_query(self) -> str:
        pairs = [(k, v) for k, v in parse_qsl(self.cleaned_data["query"].lstrip("?")) if k in KEPT and v]
        return urlencode(pairs)


SavedRow = namedtuple("SavedRow", ["pk", "name", "query"])
# The sidebar's query per database connection, compiled once per process with a user id no account has
# in place of the user's (building and compiling it took most of its time on every queue page), and
# prepared on the connection: always the same text, the user id its only parameter.
_ANY_USER = -(2**31) + 4211
_SQL: dict[tuple, str] = {}


def for_user(user) -> list[SavedRow]:
    """The person's saved views, in their order."""
    key = (connection.alias, connection.vendor)
    sql = _SQL.get(key)
    if sql is None:
        query = SavedView.objects.filter(user=_ANY_USER).values_list(*SavedRow._fields).query
        sql, params = query.get_compiler(connection=connection).as_sql()
        if list(params) != [_ANY_USER]:
            raise ValueError(f"unexpected parameters in the saved views' query: {params!r}")
        _SQL[key] = sql
    with prepared(), connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        return [SavedRow._make(row) for row in cursor.fetchall()]


@require_POST
@staff_required
def saved_view_add(request: HttpRequest) -> HttpResponse:
    form = SavedViewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie der Ansicht einen Namen."))
        return HttpResponseRedirect(f"{reverse('backoffice:queue')}?{request.POST.get('query', '')[:2000]}")
    name, query = form.cleaned_data["name"].strip(), form.cleaned_data["query"]
    # The same name again replaces the filters: "Ansicht speichern" twice is an update, not an error.
    SavedView.objects.update_or_create(user=request.user, name=name, defaults={"query": query})
    messages.success(request, _("Die Ansicht „%(name)s“ ist gespeichert.") % {"name": name})
    return HttpResponseRedirect(f"{reverse('backoffice:queue')}?{query}")


@require_POST
@staff_required
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(SavedView, pk=pk, user=request.user)
    view.delete()
    messages.success(request, _("Die Ansicht „%(name)s“ ist gelöscht.") % {"name": view.name})
    return HttpResponseRedirect(reverse("backoffice:queue"))


urlpatterns = [
    path("ansichten/", saved_view_add, name="saved_view_add"),
    path("ansichten/<int:pk>/loeschen/", saved_view_delete, name="saved_view_delete"),
]
