"""My tickets, the ticket page with its public timeline, replies, tracking, "betrifft mich auch",
the building's public tickets, and attachment downloads. Every ticket comes through `visible_to`."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalogs.questions import is_emergency
from estate.fields import TextField
from processes.access import may_rate, process_seen_by, roles_may_see, roles_of
from tickets.actors import Actor
from tickets.answers import Audience, answer_rows
from tickets.comments import TicketNotFound, comment_add, may_comment
from tickets.errors import InvalidTicket, TicketError
from tickets.event_text import describe, who_for_resident
from tickets.models import AffectedParty, Attachment, Channel, Message, Ticket, TicketEvent, Visibility
from tickets.querysets import can_see_reporter
from tickets.resend_reply import ReplyKeyReused, form_key, message_add_once, sent_key
from tickets.resend_reply import fingerprint as sent_fingerprint
from tickets.services import message_add, ticket_add_affected
from tickets.status import Status

from .access import current_party, resident_required, visible_ticket
from .forms import PhotosField
from .places import property_ids_for
from .views import list_rows, my_tickets_queryset

PUBLIC_MESSAGE_KINDS = [k for k in Message.Kind.values if Message(kind=k).is_public]

# What each status word means for the tenant, shown under the status on their ticket.
STATUS_HELP = {
    Status.OPEN: gettext_lazy("Offen: Ihre Meldung ist bei uns eingegangen; wir sehen sie uns an."),
    Status.RELEASED: gettext_lazy("Freigegeben: Ein Handwerker oder unser Hauswart hat den Auftrag."),
    Status.IN_PROGRESS: gettext_lazy("In Bearbeitung: Die Arbeit hat begonnen."),
    Status.DONE: gettext_lazy("Erledigt: Die Arbeit ist abgeschlossen."),
    Status.REJECTED: gettext_lazy(
        "Abgelehnt: Wir bearbeiten die Meldung nicht weiter, etwa weil sie doppelt ist oder nicht "
        "in unsere Zuständigkeit fällt. Den Grund lesen Sie hier."
    ),
}


class ReplyForm(forms.Form):
    body = TextField(
        label=gettext_lazy("Ihre Nachricht"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    photos = PhotosField(label=gettext_lazy("Fotos hinzufügen"))


class CommentForm(forms.Form):
    body = TextField(
        label=gettext_lazy("Ihr Kommentar"),
        help_text=gettext_lazy("Alle, die diese Meldung sehen dürfen, lesen ihn."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@resident_required
def my_tickets(request: HttpRequest) -> HttpResponse:
    page = Paginator(my_tickets_queryset(request), 25).get_page(request.GET.get("seite"))
    return render(request, "portal/my_tickets.html", {"page": page, "tickets": page.object_list})


@resident_required
def building_tickets(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    # The places' ids as a list: PostgreSQL then reads each property's tickets by index, where the
    # subqueries of `visible_to` alone make it filter every open ticket of the company (~100 ms at 1M).
    # The list's ids come first (a house has a few dozen open public tickets) and the page's rows are read
    # by them: the visibility rule is built once, where counting and then reading a page built it twice.
    ids = (
        Ticket.objects.visible_to(request.user)
        .active()
        .filter(visibility=Visibility.PUBLIC, property_id__in=property_ids_for(party))
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
    )
    page = Paginator(list(ids), 25).get_page(request.GET.get("seite"))
    rows = list_rows(Ticket.objects.filter(pk__in=page.object_list)).annotate(
        affects_me=Exists(AffectedParty.objects.filter(ticket=OuterRef("pk"), party=party))
    )
    found = {ticket.pk: ticket for ticket in rows}
    tickets = [found[pk] for pk in page.object_list if pk in found]
    for ticket in tickets:
        ticket.is_mine = ticket.reporter_id == party.pk
    return render(request, "portal/building_tickets.html", {"page": page, "tickets": tickets})


def _role_on(ticket: Ticket, request: HttpRequest) -> tuple[bool, AffectedParty | None]:
    party = current_party(request)
    is_reporter = ticket.reporter_id == party.pk
    affected = None if is_reporter else AffectedParty.objects.filter(ticket=ticket, party=party).first()
    return is_reporter, affected


@resident_required
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _ticket_page(request, visible_ticket(request, reference))


def _ticket_page(
    request: HttpRequest,
    ticket: Ticket,
    *,
    reply_form: "ReplyForm | None" = None,
    comment_form: "CommentForm | None" = None,
    status: int = 200,
) -> HttpResponse:
    is_reporter, affected = _role_on(ticket, request)
    may_reply = (is_reporter or affected) and ticket.is_open
    # Those who follow it reply to the case worker; the others in the house may comment on it.
    commenting = not may_reply and ticket.is_open and may_comment(ticket, Actor.for_user(request.user))
    # A process's ticket leads to its page, where the tenant reads, signs or answers.
    process = process_seen_by(ticket.reference, request.user) if ticket.process_pk else None
    files = _public_files(ticket)
    return render(
        request,
        "portal/ticket.html",
        {
            "ticket": ticket,
            "timeline": _timeline(ticket, request, files, hide_created=_started_by_us(ticket, process)),
            "photos": files.get(None, []),
            "is_reporter": is_reporter,
            "affected": affected,
            "tracking": ticket.tracking_enabled if is_reporter else bool(affected and affected.notify),
            "show_reporter": can_see_reporter(ticket, request.user),
            "reply_form": (reply_form or ReplyForm()) if may_reply else None,
            # Sent twice (a lost answer, a double tap), the reply is one message (tickets.resend_reply).
            "reply_key": form_key(request.POST if request.method == "POST" else None),
            "comment_form": (comment_form or CommentForm()) if commenting else None,
            # What they entered is the reporter's own: other residents see the public ticket without it.
            "answers": answer_rows(ticket, audience=Audience.RESIDENT) if is_reporter else [],
            # A process is told in its own words (its state and next step, as on its page), not a repair's.
            "status_help": "" if process else STATUS_HELP.get(ticket.status, ""),
            "status_words": list(STATUS_HELP.values()),
            "emergency": is_emergency(ticket.item) and ticket.is_open,
            "process": process,
            "current": _current_step(process, request),
            "rating": may_rate(ticket, current_party(request), has_process=bool(ticket.process_pk)),
        },
        status=status,
    )


def _started_by_us(ticket: Ticket, process) -> bool:
    """A process the staff or the ERP started was not reported by anyone: "Gemeldet über
    Sachbearbeitung" would be wrong. (Asked by phone, letter or at the counter, it was.)"""
    return process is not None and ticket.channel in (Channel.STAFF, Channel.API)


def _current_step(process, request: HttpRequest):
    """The process's next step where this person may see it (as on the process page; no query: the
    step came with the process and the roles are kept on it)."""
    if process is None or process.current_step is None:
        return None
    current = process.current_step
    return current if roles_may_see(roles_of(process, request.user), current) else None


def _timeline(ticket: Ticket, request: HttpRequest, files: dict, *, hide_created: bool = False) -> list[dict]:
    """The public rows of the timeline, each with the words a resident understands. `files`: the
    ticket's public files by message id (`_public_files`)."""
    # Of the person behind a row only whether they are staff (`who_for_resident`), not their whole account.
    shown = ("kind", "data", "created_at", "actor", "actor_label", "actor__is_staff")
    events = list(ticket.events.filter(is_public=True).select_related("actor").only(*shown))
    message_ids = [e.data.get("message_id") for e in events if e.kind == TicketEvent.Kind.MESSAGE]
    messages_by_id = Message.objects.filter(
        pk__in=message_ids, kind__in=PUBLIC_MESSAGE_KINDS, hidden=False
    ).in_bulk()
    # The photos a worker reported "done" with are shown with that row.
    photos = {file.pk: file for group in files.values() for file in group}
    rows = []
    for event in events:
        message = (
            messages_by_id.get(event.data.get("message_id"))
            if event.kind == TicketEvent.Kind.MESSAGE
            else None
        )
        if event.kind == TicketEvent.Kind.MESSAGE and message is None:
            continue  # an internal note: never shown to residents
        if event.kind == TicketEvent.Kind.ATTACHMENT:
            continue  # photos are shown with the ticket and with their message
        if hide_created and event.kind == TicketEvent.Kind.CREATED:
            continue
        title, lines = describe(event, for_staff=False)
        rows.append(
            {
                "event": event,
                "who": who_for_resident(event, user_id=request.user.pk),
                "message": message,
                "files": files.get(message.pk, []) if message else [],
                "title": title,
                "lines": lines,
                "photos": [photos[pk] for pk in event.data.get("photo_ids") or [] if pk in photos],
            }
        )
    return rows


def _public_files(ticket: Ticket) -> dict[int | None, list[Attachment]]:
    """The ticket's public files in one query, by the message they came with (None: the ticket's own
    photos); a message's files are its ticket's."""
    files: dict[int | None, list[Attachment]] = {}
    for file in ticket.attachments.filter(is_public=True):
        files.setdefault(file.message_id, []).append(file)
    return files


@resident_required
@require_POST
def ticket_reply(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = visible_ticket(request, reference)
    is_reporter, affected = _role_on(ticket, request)
    if not (is_reporter or affected):
        raise Http404
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message_add_once(
                key=sent_key(request.POST),
                fingerprint=sent_fingerprint(request.get_full_path(), request.POST, request.FILES),
                author=request.user,
                add=lambda: message_add(
                    ticket=ticket,
                    actor=Actor.for_user(request.user),
                    kind=Message.Kind.TENANT,
                    body=form.cleaned_data["body"],
                    images=form.cleaned_data["photos"],
                ),
            )
        except TicketError as refused:
            # Nothing was stored: the page shows again with the text as typed and why it was refused.
            messages.error(request, refused.message)
            if isinstance(refused, ReplyKeyReused):
                return _ticket_page(request, ticket, reply_form=form, status=409)
        else:
            messages.success(request, _("Ihre Nachricht wurde gesendet."))
            return redirect("portal:ticket", reference=ticket.reference)
    # A field's error (a refused photo, say) shows at the field, with the text kept in the form.
    return _ticket_page(request, ticket, reply_form=form, status=400)


@resident_required
@require_POST
def ticket_comment(request: HttpRequest, reference: str) -> HttpResponse:
    """A comment from the house on a public ticket; for anyone else the ticket does not exist (404)."""
    ticket = visible_ticket(request, reference)
    if not may_comment(ticket, Actor.for_user(request.user)):
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_add(ticket=ticket, actor=Actor.for_user(request.user), body=form.cleaned_data["body"])
        except TicketNotFound as missing:
            raise Http404 from missing
        except TicketError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Ihr Kommentar ist gespeichert."))
            return redirect("portal:ticket", reference=ticket.reference)
    return _ticket_page(request, ticket, comment_form=form, status=400)


@resident_required
@require_POST
def ticket_tracking(request: HttpRequest, reference: str) -> HttpResponse:
    """E-mails about progress on or off: the reporter's switch on the ticket, a follower's on their row."""
    ticket = visible_ticket(request, reference)
    is_reporter, affected = _role_on(ticket, request)
    on = request.POST.get("tracking") == "on"
    if is_reporter:
        Ticket.objects.filter(pk=ticket.pk).update(tracking_enabled=on)
    elif affected is not None:
        AffectedParty.objects.filter(pk=affected.pk).update(notify=on)
    else:
        raise Http404
    if on:
        messages.success(request, _("Sie bekommen eine E-Mail, wenn sich etwas ändert."))
    else:
        messages.success(request, _("Sie bekommen zu dieser Meldung keine E-Mails mehr."))
    return redirect("portal:ticket", reference=ticket.reference)


@resident_required
@require_POST
def ticket_affected(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = visible_ticket(request, reference)
    try:
        ticket_add_affected(ticket=ticket, party=current_party(request))
    except InvalidTicket as invalid:
        messages.error(request, invalid.message)
    else:
        messages.success(request, _("Danke! Wir halten Sie zu dieser Meldung auf dem Laufenden."))
    return redirect("portal:ticket", reference=ticket.reference)


def attachment(request: HttpRequest, pk: int, thumbnail: bool = False) -> HttpResponse:
    """A file of a ticket the user may see, else 404. Staff also reach non-public files."""
    files = Attachment.objects.filter(ticket__in=Ticket.objects.visible_to(request.user))
    if not (request.user.is_authenticated and request.user.is_staff):
        files = files.filter(is_public=True)
    found = get_object_or_404(files, pk=pk)
    stored = found.thumbnail if thumbnail and found.thumbnail else found.file
    response = FileResponse(stored.open("rb"), content_type=found.content_type, filename=found.original_name)
    response["Cache-Control"] = "private, max-age=3600"
    return response
