"""The ticket page: who, where, what, the whole timeline, and the actions allowed now. Every action is a
POST carrying the version the case worker saw; a change in between answers 409 with what changed."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import APPROVE_CHANGES
from estate.models import CaretakerAssignment, IbanAccess, Party
from processes.models import Process
from tickets import replies, services, workflow
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError
from tickets.models import AffectedParty, Appointment, FollowUp, Ticket
from tickets.querysets import can_see_reporter
from tickets.resend_reply import fingerprint, form_key, message_add_once, sent_key
from tickets.status import Status
from tickets.textblocks import blocks_for, render_text_block
from tickets.watchers import watching_users
from tickets.watching import Watcher

from .. import ticket_lists
from ..access import get_ticket_or_404, staff_required, tickets_for
from ..calendar import AppointmentForm, appointment_initial
from ..duplicates import RelatedTicketForm, related
from ..follow_ups import TitleForm, follow_up_forms
from ..form_renderer import FAST
from ..forms import (
    AssignForm,
    FollowUpForm,
    MessageForm,
    PriorityForm,
    ReleaseForm,
    StatusForm,
    share_staff_list,
)
from ..knowledge import ticket_knowledge
from ..prepared import prepared, read_compiled
from ..processes import process_panel
from ..ticket_answers import answers_context
from ..timeline import timeline
from ..watchers import WatcherForm

# The buttons for simple moves, in the order a case worker reads them; release has its own form.
MOVE_BUTTONS = [
    (Status.IN_PROGRESS, gettext_lazy("In Bearbeitung nehmen")),
    (Status.DONE, gettext_lazy("Als erledigt abschließen")),
    (Status.OPEN, gettext_lazy("Zurück auf „Offen“")),
]


def _caretakers(ticket: Ticket):
    if not getattr(ticket, "has_caretakers", True):
        return Party.objects.none()
    return Party.objects.filter(
        pk__in=CaretakerAssignment.objects.current().filter(property=ticket.property_id).values("party_id")
    )


def _flags() -> dict[str, Exists]:
    """Whether the ticket has a process, open follow-ups, appointments, watchers, caretakers at its
    property, duplicates and people affected: the page asks for each of those lists only when there is
    one to show."""
    ticket = OuterRef("pk")
    return {
        "has_process": Exists(Process.objects.filter(ticket=ticket)),
        "has_follow_ups": Exists(FollowUp.objects.filter(ticket=ticket, done_at=None)),
        "has_appointments": Exists(Appointment.objects.filter(ticket=ticket, cancelled_at=None)),
        "has_watchers": Exists(Watcher.objects.filter(ticket=ticket)),
        "has_caretakers": Exists(
            CaretakerAssignment.objects.current().filter(property=OuterRef("property_id"))
        ),
        "has_duplicates": Exists(Ticket.objects.filter(duplicate_of=ticket)),
        "has_affected": Exists(AffectedParty.objects.filter(ticket=ticket)),
    }


def _ticket_for_page(request: HttpRequest, reference: str) -> Ticket:
    """The ticket with its flags (`_flags`), through the one visibility door. The query is built and
    compiled once a day (the flags ask for today) for each kind of colleague and then run with this
    request's reference and colleague (`prepared.read_compiled`)."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return get_ticket_or_404(request, reference)
    superuser = user.is_superuser

    def query(reference: str, user_id: int = 0):
        # Who the rule is compiled for: only the id reaches the SQL (a superuser's rule has none).
        colleague = User(pk=user_id, is_active=True, is_staff=True, is_superuser=superuser)
        return tickets_for(colleague, one=True).annotate(**_flags()).filter(reference=reference).order_by()

    values = (reference,) if superuser else (reference, user.pk)
    found = read_compiled("ticket page", (superuser, timezone.localdate()), query, *values)
    if not found:
        raise Http404
    return found[0]


def _process(ticket: Ticket):
    """The process panel's process, or None without a query when `_ticket_for_page` found none."""
    return process_panel(ticket) if getattr(ticket, "has_process", True) else None


def _page(
    request: HttpRequest,
    ticket: Ticket,
    *,
    forms_with_errors: dict | None = None,
    error: str = "",
    status: int = 200,
    body: str = "",
    reveal_iban: bool = False,
) -> HttpResponse:
    actor = Actor.for_user(request.user)
    entries = timeline(ticket)
    seen = max((e.id for e in entries), default=0)
    initial = {"version": ticket.version, "seen": seen}
    allowed = workflow.allowed_moves(ticket, actor)
    may_release = Status.RELEASED in allowed
    page_forms = {
        # The release form is shown only when the work may be released: only then its caretakers.
        "release_form": ReleaseForm(
            initial={**initial, **ReleaseForm.proposal(ticket)},
            caretakers=_caretakers(ticket) if may_release else None,
        ),
        "message_form": MessageForm(initial={**initial, "kind": "public", "body": body}),
        "appointment_form": AppointmentForm(initial=appointment_initial(ticket, request.user)),
        "priority_form": PriorityForm(
            initial={**initial, "priority": ticket.priority, "due_at": ticket.due_at}
        ),
        "follow_up_form": FollowUpForm(initial=initial),
        "title_form": TitleForm(initial={**initial, "title": ticket.title}),
        "assign_form": AssignForm(initial={**initial, "assignee": ticket.assignee_id}),
        "reject_form": StatusForm(initial={**initial, "to": Status.REJECTED}),
        "related_form": RelatedTicketForm(initial=initial),
        "watcher_form": WatcherForm(),
    }
    page_forms.update(forms_with_errors or {})
    # Many of these forms share a field name (version, reason, note): each gets its own ids, so every label
    # points at its own field. The message form keeps Django's (the text-block insert targets #id_body).
    for name, form in page_forms.items():
        if name != "message_form":
            form.auto_id = f"{name.removesuffix('_form')}-%s"
    follow_ups = [
        (f, page_forms.get(f"follow_up_change_{f.pk}", form))
        for f, form in (follow_up_forms(ticket, initial) if getattr(ticket, "has_follow_ups", True) else [])
    ]
    share_staff_list([*page_forms.values(), *(form for _f, form in follow_ups)])
    for form in [*page_forms.values(), *(form for _f, form in follow_ups)]:
        form.renderer = FAST
    lists = ticket_lists.read()
    standard_files = ticket_lists.standard_attachments(lists)
    if not page_forms["message_form"].is_bound:
        page_forms["message_form"].fields["standard_attachments"].shared_objects = standard_files
    context = {
        "ticket": ticket,
        "show_reporter": can_see_reporter(ticket, request.user),
        "entries": entries,
        "seen": seen,
        "moves": [(to, label) for to, label in MOVE_BUTTONS if to in allowed],
        "may_release": may_release,
        "may_reject": Status.REJECTED in allowed,
        "follow_ups": follow_ups,
        "standard_files_offered": bool(standard_files),
        "watchers": watching_users(ticket) if getattr(ticket, "has_watchers", True) else [],
        "appointments": (
            list(ticket.appointments.filter(cancelled_at=None).select_related("user"))
            if getattr(ticket, "has_appointments", True)
            else []
        ),
        "process": _process(ticket),
        "text_blocks": ticket_lists.text_blocks(lists, ticket.category_id),
        "error": error,
        "reply_key": form_key(request.POST if request.method == "POST" else None),
        **related(
            ticket, request.user, linked_ids=[e.linked_ticket_id for e in entries if e.linked_ticket_id]
        ),
        **answers_context(request, ticket, reveal_iban=reveal_iban),
        **ticket_knowledge(ticket, lists),
        **page_forms,
    }
    return render(request, "backoffice/ticket.html", context, status=status)


@staff_required
def ticket_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The page; with ?baustein=<id> the reply is prefilled with that text block. htmx asks for the
    reply text alone and keeps what the case worker already typed in front of it."""
    if "baustein" in request.GET:
        response = _with_text_block(request, reference)
    else:
        # The page itself, opened all day long: its reads are the same statements on every request.
        with prepared():
            response = _page(request, _ticket_for_page(request, reference))
    # The same address answers a fragment or the page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _with_text_block(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _ticket_for_page(request, reference)
    block_id = request.GET.get("baustein", "")
    block = blocks_for(ticket).filter(pk=block_id).first() if block_id.isdigit() else None
    body = render_text_block(block, ticket, request.user) if block else ""
    if not request.headers.get("HX-Request"):
        return _page(request, ticket, body=body)
    # Only the reply box goes back; an unknown block leaves what was typed as it was.
    typed = request.GET.get("body", "").rstrip()
    text = "\n\n".join(part for part in (typed, body) if part)
    return HttpResponse(str(MessageForm(initial={"body": text})["body"]))


@require_POST
@staff_required
def reveal_iban(request: HttpRequest, reference: str) -> HttpResponse:
    """The logged IBAN door for a report's answers: for staff who approve bank changes, the look is
    recorded (estate.IbanAccess) before the page shows the IBAN in full. A POST, so neither a prefetching
    browser nor a link shared in chat logs a look nobody took."""
    ticket = get_ticket_or_404(request, reference)
    if ticket.reporter_id is None or not request.user.has_perm(APPROVE_CHANGES):
        raise Http404
    IbanAccess.record(
        user=request.user,
        party_id=ticket.reporter_id,
        change_request=ticket.change_requests.order_by("-created_at").first(),
        purpose=IbanAccess.PURPOSE_TICKET,
    )
    return _page(request, ticket, reveal_iban=True)


def _conflict(request: HttpRequest, ticket: Ticket, form: forms.Form) -> HttpResponse:
    fresh = get_ticket_or_404(request, ticket.reference)
    seen = form.cleaned_data.get("seen") or 0
    newer = [e for e in timeline(fresh) if e.id > seen] if seen else timeline(fresh)[-5:]
    draft = {
        str(form.fields[name].label): form.cleaned_data[name]
        for name in ("body", "reason", "note")
        if name in form.cleaned_data and form.cleaned_data[name]
    }
    context = {"ticket": fresh, "newer": newer, "draft": draft}
    return render(request, "backoffice/conflict.html", context, status=409)


def _act(
    request: HttpRequest,
    reference: str,
    form: forms.Form,
    form_name: str,
    change: Callable[[Ticket, dict, Actor], str],
) -> HttpResponse:
    """Check the form, make the change through the ticket rules, and answer: back to the page with a
    message, the page with the error (400), or the conflict page (409)."""
    ticket = get_ticket_or_404(request, reference)
    if not form.is_valid():
        return _page(request, ticket, forms_with_errors={form_name: form}, status=400)
    try:
        done = change(ticket, form.cleaned_data, Actor.for_user(request.user))
    except StaleTicket:
        return _conflict(request, ticket, form)
    except TicketError as error:
        ticket.refresh_from_db()
        return _page(request, ticket, error=str(error.message), status=400)
    messages.success(request, done)
    return HttpResponseRedirect(reverse("backoffice:ticket", args=[ticket.reference]))


@require_POST
@staff_required
def move(request: HttpRequest, reference: str) -> HttpResponse:
    def change(ticket, data, actor):
        workflow.change_status(
            ticket, to=data["to"], actor=actor, reason=data["reason"], expected_version=data["version"]
        )
        return _("Status ist jetzt „%(status)s“.") % {"status": ticket.get_status_display()}

    return _act(request, reference, StatusForm(request.POST), "reject_form", change)


@require_POST
@staff_required
def release(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = get_ticket_or_404(request, reference)

    def change(ticket, data, actor):
        target = data["target"]
        workflow.release(
            ticket,
            actor=actor,
            contractor=data["contractor"] if target == "contractor" else None,
            caretaker=data["caretaker"] if target == "caretaker" else None,
            assignee=data["colleague"] if target == "staff" else None,
            note=data["note"],
            contractor_may_progress=data["contractor_may_progress"],
            expected_version=data["version"],
        )
        return _("Die Arbeit ist freigegeben.")

    form = ReleaseForm(request.POST, caretakers=_caretakers(ticket))
    return _act(request, reference, form, "release_form", change)


@require_POST
@staff_required
def message(request: HttpRequest, reference: str) -> HttpResponse:
    def change(ticket, data, actor):
        # Sent twice (a double click, a lost answer), it is one message: the second copy finds the first
        # before the version check would call it a conflict (tickets.resend_reply).
        message_add_once(
            key=sent_key(request.POST),
            fingerprint=fingerprint(request.get_full_path(), request.POST, request.FILES),
            author=request.user,
            add=lambda: replies.reply_add(
                ticket=ticket,
                actor=actor,
                expected_version=data["version"],
                kind=data["kind"],
                body=data["body"],
                standard_attachments=data["standard_attachments"],
                caller=data["caller"],
                direction=data["direction"],
                duration_minutes=data["duration_minutes"],
            ),
        )
        return _("Gespeichert.")

    return _act(request, reference, MessageForm(request.POST), "message_form", change)


@require_POST
@staff_required
def priority(request: HttpRequest, reference: str) -> HttpResponse:
    def change(ticket, data, actor):
        workflow.change_priority(
            ticket,
            actor=actor,
            priority=data["priority"],
            due_at=data["due_at"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("Priorität und Fälligkeit sind geändert.")

    return _act(request, reference, PriorityForm(request.POST), "priority_form", change)


@require_POST
@staff_required
def follow_up(request: HttpRequest, reference: str) -> HttpResponse:
    def change(ticket, data, actor):
        services.follow_up_add(
            ticket=ticket,
            actor=actor,
            due_on=data["due_on"],
            note=data["note"],
            owner=data["owner"],
            expected_version=data["version"],
        )
        return _("Wiedervorlage am %(day)s ist gesetzt.") % {"day": data["due_on"].strftime("%d.%m.%Y")}

    return _act(request, reference, FollowUpForm(request.POST), "follow_up_form", change)


@require_POST
@staff_required
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    def change(ticket, data, actor):
        workflow.reassign(
            ticket,
            actor=actor,
            assignee=data["assignee"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("Zuständigkeit ist geändert.")

    return _act(request, reference, AssignForm(request.POST), "assign_form", change)
