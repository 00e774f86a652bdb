"""The case worker's changes beside the workflow on the ticket page: ending a follow-up (done, another
day, a colleague) and the case's own title. Both POST the version the page showed."""

import datetime as dt

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tickets import follow_ups, services
from tickets.models import FollowUp

from .access import get_ticket_or_404, staff_required
from .forms import StaffChoiceField, VersionedForm, staff_users


class FollowUpChangeForm(VersionedForm):
    DONE, MOVE, HAND_OVER = "done", "move", "hand_over"
    ACTIONS = [
        (DONE, gettext_lazy("erledigt")),
        (MOVE, gettext_lazy("auf einen anderen Tag")),
        (HAND_OVER, gettext_lazy("an Kollegin/Kollegen übergeben")),
    ]

    action = forms.ChoiceField(label=gettext_lazy("Was tun?"), choices=ACTIONS, widget=forms.RadioSelect)
    due_on = forms.DateField(
        label=gettext_lazy("Neuer Tag"), required=False, widget=forms.DateInput({"type": "date"})
    )
    to = StaffChoiceField(label=gettext_lazy("An"), queryset=staff_users(), required=False, empty_label="—")
    note = forms.CharField(label=gettext_lazy("Notiz"), max_length=500, required=False)

    def clean(self) -> dict:
        data = super().clean()
        action = data.get("action")
        if action == self.MOVE:
            if not data.get("due_on"):
                self.add_error("due_on", _("Bitte wählen Sie den neuen Tag."))
            elif data["due_on"] < timezone.localdate():
                self.add_error("due_on", _("Eine Wiedervorlage liegt in der Zukunft oder heute."))
        if action == self.HAND_OVER and not data.get("to"):
            self.add_error("to", _("Bitte wählen Sie, an wen die Wiedervorlage geht."))
        return data


class TitleForm(VersionedForm):
    title = forms.CharField(
        label=gettext_lazy("Titel"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Leer lassen für die Bezeichnung des Anliegens."),
    )


def follow_up_forms(ticket, initial: dict) -> list[tuple[FollowUp, FollowUpChangeForm]]:
    """Each open follow-up of the ticket with the form that ends it (ids kept apart per follow-up)."""
    open_ones = ticket.follow_ups.filter(done_at=None).select_related("owner")
    return [
        (f, FollowUpChangeForm(initial={**initial, "action": FollowUpChangeForm.DONE}, prefix=f"wv{f.pk}"))
        for f in open_ones
    ]


@require_POST
@staff_required
def follow_up_change(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    from .views.ticket import _act

    ticket = get_ticket_or_404(request, reference)
    follow_up = ticket.follow_ups.filter(pk=pk).first()
    if follow_up is None:
        raise Http404

    def change(ticket, data, actor) -> str:
        common = {
            "follow_up": follow_up,
            "actor": actor,
            "note": data["note"],
            "expected_version": data["version"],
        }
        if data["action"] == FollowUpChangeForm.MOVE:
            follow_ups.follow_up_move(due_on=data["due_on"], **common)
            return _("Wiedervorlage ist auf den %(day)s verschoben.") % {"day": _day(data["due_on"])}
        if data["action"] == FollowUpChangeForm.HAND_OVER:
            follow_ups.follow_up_hand_over(to=data["to"], **common)
            return _("Wiedervorlage ist an %(who)s übergeben.") % {"who": data["to"]}
        follow_ups.follow_up_done(**common)
        return _("Wiedervorlage ist erledigt.")

    form = FollowUpChangeForm(request.POST, prefix=f"wv{follow_up.pk}")
    return _act(request, reference, form, f"follow_up_change_{follow_up.pk}", change)


@require_POST
@staff_required
def title(request: HttpRequest, reference: str) -> HttpResponse:
    from .views.ticket import _act

    def change(ticket, data, actor) -> str:
        services.ticket_retitle(
            ticket=ticket, actor=actor, title=data["title"], expected_version=data["version"]
        )
        return _("Der Titel ist geändert.")

    return _act(request, reference, TitleForm(request.POST), "title_form", change)


def _day(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")
