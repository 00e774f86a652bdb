"""Personen: find a person by name, address, unit number, phone or e-mail, and see everything about them
in one place (the 360° view): contact data, roles, tickets, complaints about them, messages, data
changes, documents and follow-ups. Every list on the page is one query, whatever its length."""

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from accounts.roles import APPROVE_CHANGES
from certificates.services import visible_certificates
from contracts.contacts import contact_of
from contracts.models import ContractChange
from estate.models import (
    BoardMembership,
    CaretakerAssignment,
    Document,
    IbanAccess,
    Party,
    Tenancy,
)
from estate.text import clean_line
from letting.models import Letting
from payments.arrears import open_arrear
from payments.methods import current_method
from payments.plans import visible_plans
from payments.requests import visible_requests
from permits.models import Permit
from processes.access import processes_for
from processes.models import ProcessParty
from subscriptions.booking import visible_subscriptions
from swaps.wording import visible_swaps
from tickets.models import AffectedParty, FollowUp, Message, Ticket
from tickets.status import Status

from .access import staff_required
from .tasks import PersonTaskForm

RESULTS = 50
LIST_LIMIT = 100
MIN_TERM = 2


def _term_filter(term: str) -> Q:
    """One search word against every field a caller might give: a part of a name, the street, the unit
    number, the phone number (digits as typed) or the e-mail address. Trigram indexes serve each."""
    homes = Tenancy.objects.filter(
        Q(unit__number__icontains=term) | Q(unit__building__street__icontains=term)
    ).values("party_id")
    return (
        Q(last_name__icontains=term)
        | Q(first_name__icontains=term)
        | Q(company_name__icontains=term)
        | Q(email__icontains=term)
        | Q(phone__icontains=term)
        | Q(street__icontains=term)
        | Q(number=term)
        | Q(pk__in=homes)
    )


def person_search(text: str):
    """Parties matching every word of `text` (a name and a street narrow each other), at most 50,
    each with its current homes read in one further query."""
    terms = [t for t in text.split() if len(t) >= MIN_TERM][:4]
    if not terms:
        return Party.objects.none()
    query = Q()
    for term in terms:
        query &= _term_filter(term)
    homes = Tenancy.objects.current().select_related("unit__building")
    return (
        Party.objects.filter(query)
        .order_by("last_name", "first_name", "id")
        .prefetch_related(Prefetch("tenancies", queryset=homes, to_attr="current_homes"))[:RESULTS]
    )


@staff_required
def person_list(request: HttpRequest) -> HttpResponse:
    """The search page, or only its results when htmx asks while the case worker types."""
    # A search box takes anything typed or pasted: a NUL or a control character is dropped, not a 500.
    text = clean_line(request.GET.get("q"), max_length=100)
    people = list(person_search(text)) if text else []
    context = {"q": text, "people": people, "too_short": bool(text) and not people and len(text) < MIN_TERM}
    partial = request.headers.get("HX-Request") == "true"
    template = "backoffice/people/_results.html" if partial else "backoffice/people/list.html"
    return render(request, template, context)


def _tickets_of(request: HttpRequest, party: Party):
    """What the person reported, joined as "affects me too", or was complained about; open ones first."""
    joined = AffectedParty.objects.filter(party=party).values("ticket_id")
    return (
        Ticket.objects.visible_to(request.user)
        .filter(Q(reporter=party) | Q(subject_party=party) | Q(pk__in=joined))
        .select_related("item", "property", "unit__building")
        .defer("search_vector")
        .annotate(
            closed_rank=Case(
                When(status__in=Status.active(), then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("closed_rank", "-created_at", "-id")
    )


def open_tickets_of(request: HttpRequest, party: Party) -> list[Ticket]:
    """The person's open cases: what a task from the person page can be about."""
    return list(_tickets_of(request, party).filter(status__in=Status.active())[:LIST_LIMIT])


def _iban(request: HttpRequest, party: Party) -> tuple[object, bool]:
    """The current bank account; shown in full only on request of an approver, and logged."""
    account = party.bank_accounts.filter(valid_until__isnull=True).first()
    reveal = (
        account is not None and request.GET.get("iban") == "zeigen" and request.user.has_perm(APPROVE_CHANGES)
    )
    if reveal:
        IbanAccess.record(user=request.user, party_id=party.pk, purpose=IbanAccess.PURPOSE_PERSON)
    return account, reveal


@staff_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return person_page(request, get_object_or_404(Party.objects.select_related("user"), pk=pk))


def person_page(request: HttpRequest, party: Party, *, task_form=None, status: int = 200) -> HttpResponse:
    tickets = list(_tickets_of(request, party)[:LIST_LIMIT])
    ticket_ids = [t.pk for t in tickets]
    account, reveal = _iban(request, party)
    context = {
        "party": party,
        "tenancies": party.tenancies.select_related("unit__building__property").order_by("-start"),
        "ownerships": party.ownerships.select_related("unit__building__property").order_by("-start"),
        "boards": BoardMembership.objects.filter(party=party).select_related("property"),
        "caretaking": CaretakerAssignment.objects.filter(party=party).select_related("property"),
        "tickets": [t for t in tickets if t.subject_party_id != party.pk or t.reporter_id == party.pk],
        "complaints_about": [
            t for t in tickets if t.subject_party_id == party.pk and t.reporter_id != party.pk
        ],
        # Not `messages`: that name is Django's flash messages in the layout.
        "ticket_messages": Message.objects.filter(ticket_id__in=ticket_ids)
        .select_related("ticket")
        .order_by("-created_at", "-id")[:20],
        "change_requests": party.change_requests.select_related("ticket").order_by("-created_at")[:20],
        "documents": Document.objects.filter(party=party).order_by("-created_at", "-id")[:50],
        # The processes the person has a role in (tenant, complainant, accused, ...), with that role.
        "process_roles": ProcessParty.objects.filter(party=party, process__in=processes_for(request.user))
        .select_related("process__template", "process__ticket", "process__current_step__template", "party")
        .order_by("-process__started_at", "-id")[:LIST_LIMIT],
        "follow_ups": FollowUp.objects.filter(ticket_id__in=ticket_ids, done_at=None)
        .select_related("ticket")
        .order_by("due_on", "id"),
        # Zahlungen: the requests staff may see, the payment method in force with its mandate; a query each.
        "payment_requests": visible_requests(request.user).of_party(party)[:LIST_LIMIT],
        "payment_method": current_method(party),
        # Ratenzahlung: what the ERP last reported the person owes, and their payment arrangements with the
        # next instalment and the late ones counted; a query each.
        "arrear": open_arrear(party),
        "payment_plans": visible_plans(request.user).of_party(party).with_schedule()[:LIST_LIMIT],
        # Zusatzleistungen: the agreements (booked, waiting, ended) with service and place; one query.
        "subscriptions": visible_subscriptions(request.user).of_party(party)[:LIST_LIMIT],
        # Bescheinigungen: issued, waiting and refused, with the PDF and the process; one query.
        "certificates": visible_certificates(request.user).of_party(party)[:LIST_LIMIT],
        # Vertragsänderungen: the history of each of the person's contracts (name, co-tenants, contact
        # person: who decided, when, old and new) and the contact person in force; a query each.
        "contract_changes": ContractChange.objects.of_party(party)
        .visible_to(request.user)
        .with_facts()
        .order_by("unit_id", "-created_at", "-pk")[:LIST_LIMIT],
        "contact_person": contact_of(party),
        # Wohnungstausch: the swaps the person applied for or is the partner in, with both homes; one query.
        "swaps": visible_swaps(request.user)
        .of_party(party)
        .select_related("process__ticket", "process__current_step__template", "applicant", "partner")
        .select_related("applicant_unit__building", "partner_unit__building")
        .order_by("-created_at")[:LIST_LIMIT],
        # Erlaubnisse: the permissions in force (Untervermietung, Tierhaltung) with their unit; one query.
        "permits": Permit.objects.of_party(party)
        .in_force()
        .filter(process__in=processes_for(request.user))
        .select_related("process__ticket", "unit__building")[:LIST_LIMIT],
        # Vermietung: the person's tenancy agreements (offered, signed, concluded) with the unit; one query.
        "lettings": Letting.objects.of_party(party)
        .filter(process__in=processes_for(request.user))
        .order_by("-created_at", "-pk")[:LIST_LIMIT],
        "account": account,
        "reveal_iban": reveal,
        "may_reveal": request.user.has_perm(APPROVE_CHANGES),
        "active": Status.active(),
        "task_form": task_form or PersonTaskForm(tickets=[t for t in tickets if t.status in Status.active()]),
    }
    return render(request, "backoffice/people/detail.html", context, status=status)


urlpatterns = [
    path("personen/", person_list, name="people"),
    path("personen/<int:pk>/", person_detail, name="person"),
]
