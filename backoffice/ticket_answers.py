"""On the staff ticket page: the report's answers (IBANs masked; the logged door that shows one in full
is `views.ticket.reveal_iban`), the change request they made with a link to its approval, and the
residents' comments with the button that hides one. The rules live in tickets.answers and
tickets.comments."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import APPROVE_CHANGES
from tickets.actors import Actor
from tickets.answers import Audience, answer_rows
from tickets.comments import comment_hide
from tickets.models import Message, Ticket, Visibility

from .access import get_ticket_or_404, staff_required


def answers_context(request: HttpRequest, ticket: Ticket, *, reveal_iban: bool = False) -> dict:
    """What the ticket page needs for its answers and comments."""
    rows = answer_rows(ticket, audience=Audience.STAFF, reveal_iban=reveal_iban)
    # Residents comment only on public tickets: a private one needs no query for them.
    comments = (
        ticket.messages.filter(kind=Message.Kind.RESIDENT).order_by("created_at", "id")
        if ticket.visibility == Visibility.PUBLIC
        else []
    )
    # Only an item that is a process (Vertragsanliegen) makes change requests: others need no query.
    change_requests = (
        list(ticket.change_requests.order_by("created_at", "id")) if ticket.item.change_request_kind else []
    )
    return {
        "answers": rows,
        "change_requests": change_requests,
        "may_open_approvals": bool(change_requests) and request.user.has_perm(APPROVE_CHANGES),
        "iban_revealed": reveal_iban,
        "may_reveal_iban": (
            not reveal_iban
            and any(row.is_iban for row in rows)
            and ticket.reporter_id is not None
            and request.user.has_perm(APPROVE_CHANGES)
        ),
        "resident_comments": list(comments),
    }


@require_POST
@staff_required
def hide_comment(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    ticket = get_ticket_or_404(request, reference)
    comment = get_object_or_404(ticket.messages.filter(kind=Message.Kind.RESIDENT), pk=pk)
    reason = request.POST.get("anlass", "")[:500]
    comment_hide(message=comment, actor=Actor.for_user(request.user), reason=reason)
    messages.success(
        request, _("Der Kommentar ist ausgeblendet; Bewohnerinnen und Bewohner sehen ihn nicht mehr.")
    )
    return HttpResponseRedirect(reverse("backoffice:ticket", args=[ticket.reference]))


urlpatterns = [
    path("meldungen/<ref:reference>/kommentare/<int:pk>/ausblenden/", hide_comment, name="comment_hide"),
]
