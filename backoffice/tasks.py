"""Aufgaben from a person's 360° page: a follow-up on one of the person's cases, for a colleague, with a
day. It is a Wiedervorlage handed to her from the start (tickets.services.follow_up_add), so it is in her
calendar and reminders like every follow-up of hers."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from estate.fields import LineField
from estate.models import Party
from tickets import services
from tickets.actors import Actor
from tickets.errors import TicketError

from . import people
from .access import staff_required
from .forms import StaffChoiceField, staff_users


class PersonTaskForm(forms.Form):
    ticket = forms.TypedChoiceField(label=gettext_lazy("Zur Meldung"), coerce=int)
    owner = StaffChoiceField(label=gettext_lazy("Für"), queryset=staff_users())
    due_on = forms.DateField(label=gettext_lazy("Bis"), widget=forms.DateInput({"type": "date"}))
    note = LineField(label=gettext_lazy("Aufgabe"), max_length=500)

    def __init__(self, *args, tickets, **kwargs):
        """`tickets`: the person's cases the page shows (already read and checked for visibility)."""
        kwargs.setdefault("prefix", "aufgabe")
        super().__init__(*args, **kwargs)
        self.tickets = {t.pk: t for t in tickets}
        self.fields["ticket"].choices = [(t.pk, f"{t.reference} – {t.title_display}") for t in tickets]

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("Eine Aufgabe ist heute oder später fällig."))
        return due_on


@require_POST
@staff_required
def person_task(request: HttpRequest, pk: int) -> HttpResponse:
    party = get_object_or_404(Party, pk=pk)
    form = PersonTaskForm(request.POST, tickets=people.open_tickets_of(request, party))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.follow_up_add(
                ticket=form.tickets[data["ticket"]],
                actor=Actor.for_user(request.user),
                due_on=data["due_on"],
                note=data["note"],
                owner=data["owner"],
            )
        except TicketError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Aufgabe für %(who)s bis %(day)s ist gesetzt.")
                % {"who": data["owner"], "day": data["due_on"].strftime("%d.%m.%Y")},
            )
            return HttpResponseRedirect(reverse("backoffice:person", args=[party.pk]))
    return people.person_page(request, party, task_form=form, status=400)


urlpatterns = [
    path("personen/<int:pk>/aufgabe/", person_task, name="person_task"),
]
