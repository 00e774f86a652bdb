"""Duplikate und Verknüpfungen on the ticket page: reject a ticket as a duplicate of another (its
reporter then follows the main ticket), or link two tickets that stay open, and list both with the
people affected."""

from django import forms
from django.db.models import IntegerField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from estate.fields import LineField
from tickets import duplicates
from tickets.errors import InvalidTicket
from tickets.models import AffectedParty, Ticket, TicketEvent

from .access import staff_required


class RelatedTicketForm(forms.Form):
    reference = LineField(label=gettext_lazy("Nummer der anderen Meldung"), max_length=20)
    mode = forms.ChoiceField(
        label=gettext_lazy("Art"),
        choices=[
            ("duplicate", gettext_lazy("Als Duplikat ablehnen")),
            ("link", gettext_lazy("Nur verknüpfen (bleibt offen)")),
        ],
        initial="duplicate",
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)


def related(ticket: Ticket, user, *, linked_ids: list[int] | None = None) -> dict:
    """The ticket page's rows for this panel, in two queries however many there are (three without
    `linked_ids`, the ids the timeline already read). A ticket read with the flags `has_duplicates` and
    `has_affected` (the ticket page's query) costs no query for a list it knows to be empty."""
    # The linked ids are a list on purpose: as a subquery inside the OR below, PostgreSQL scans every
    # ticket (240 ms at a million); as a list, it reads the primary-key and duplicate_of indexes.
    if linked_ids is None:
        linked_ids = list(
            TicketEvent.objects.filter(
                ticket=ticket, kind=TicketEvent.Kind.LINKED, data__has_key="linked_ticket_id"
            ).values_list(Cast(KT("data__linked_ticket_id"), IntegerField()), flat=True)
        )
    if not (linked_ids or ticket.duplicate_of_id or getattr(ticket, "has_duplicates", True)):
        tickets = []
    else:
        tickets = list(_related_tickets(ticket, user, linked_ids))
    affected = (
        AffectedParty.objects.filter(ticket=ticket).select_related("party").order_by("created_at")
        if getattr(ticket, "has_affected", True)
        else []
    )
    return {"related_tickets": tickets, "affected_parties": list(affected)}


def _related_tickets(ticket: Ticket, user, linked_ids: list[int]):
    return (
        Ticket.objects.visible_to(user)
        .filter(Q(duplicate_of=ticket) | Q(pk=ticket.duplicate_of_id) | Q(pk__in=linked_ids))
        .exclude(pk=ticket.pk)
        .only("pk", "reference", "status", "duplicate_of_id")
        .order_by("reference")
    )


@require_POST
@staff_required
def relate(request: HttpRequest, reference: str) -> HttpResponse:
    # The ticket page imports this module for its panel; its action helper is imported when used.
    from .views.ticket import _act

    def change(ticket, data, actor):
        other = Ticket.objects.visible_to(request.user).filter(reference=data["reference"]).first()
        if other is None:
            raise InvalidTicket(
                _("Eine Meldung mit der Nummer „%(reference)s“ gibt es nicht.")
                % {"reference": data["reference"]}
            )
        if data["mode"] == "link":
            duplicates.link(ticket, actor=actor, to=other, expected_version=data["version"])
            return _("Die Meldungen sind verknüpft.")
        main = duplicates.mark_duplicate(ticket, actor=actor, of=other, expected_version=data["version"])
        return _("Als Duplikat von %(reference)s abgelehnt.") % {"reference": main.reference}

    return _act(request, reference, RelatedTicketForm(request.POST), "related_form", change)


urlpatterns = [path("meldungen/<ref:reference>/duplikat/", relate, name="relate")]
