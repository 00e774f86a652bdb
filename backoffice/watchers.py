"""Colleagues involved in a case: the ticket page adds a watcher by hand (an @-mention in an internal note
adds one too: tickets.watchers). Watchers hear what the assignee hears."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tickets import watchers

from .access import staff_required
from .forms import StaffChoiceField, staff_users


class WatcherForm(forms.Form):
    user = StaffChoiceField(label=gettext_lazy("Kollegin/Kollege"), queryset=staff_users())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "beobachten")
        super().__init__(*args, **kwargs)


@require_POST
@staff_required
def watcher_add(request: HttpRequest, reference: str) -> HttpResponse:
    from .views.ticket import _act

    def change(ticket, data, actor) -> str:
        added = watchers.watcher_add(ticket=ticket, user=data["user"], actor=actor)
        if added is None:
            return _("%(who)s beobachtet die Meldung bereits.") % {"who": data["user"]}
        return _("%(who)s beobachtet jetzt die Meldung.") % {"who": data["user"]}

    return _act(request, reference, WatcherForm(request.POST), "watcher_form", change)


urlpatterns = [
    path("meldungen/<ref:reference>/beobachten/", watcher_add, name="watcher_add"),
]
