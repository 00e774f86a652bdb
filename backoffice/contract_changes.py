"""Vertragsänderungen in the back-office: the open changes (name, co-tenant in or out, contact person),
one change with old and new side by side, the proof, everyone's consent; approve or refuse it under the
process's version (a page loaded before someone else acted is refused, 409); and a change entered for a
tenant who called or wrote. Every rule is contracts'."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import APPROVE_CHANGES
from contracts import decisions, requests
from contracts.consent import consent_records
from contracts.consent_links import link_dates, link_resend, open_parties
from contracts.contacts import contact_of
from contracts.errors import NoTenancy
from contracts.forms import ContactForm, MoveInForm, MoveOutForm, NameChangeForm
from contracts.models import ContactPerson, ContractChange
from estate.models import Party
from processes.access import processes_for
from processes.errors import ProcessError
from processes.notice_consent import consent_rows
from tickets.actors import Actor
from tickets.errors import TicketError

from .access import posted_version, staff_required
from .approvals import RejectForm, approver_required, comparison

LIST_LIMIT = 100


def _changes(request: HttpRequest):
    return ContractChange.objects.filter(process__in=processes_for(request.user)).with_facts()


@staff_required
def change_list(request: HttpRequest) -> HttpResponse:
    changes = _changes(request)
    context = {
        # Oldest first: a tenant waiting longest is answered first.
        "pending": changes.pending().order_by("created_at", "pk")[:LIST_LIMIT],
        "decided": changes.exclude(state=ContractChange.State.PENDING).order_by("-decided_at", "-pk")[:50],
    }
    return render(request, "backoffice/contracts/list.html", context)


CONTACT_FIELDS = [
    ("name", gettext_lazy("Name")),
    ("street", gettext_lazy("Straße und Hausnummer")),
    ("postcode", gettext_lazy("PLZ")),
    ("city", gettext_lazy("Ort")),
    ("email", gettext_lazy("E-Mail")),
    ("phone", gettext_lazy("Telefon")),
]


def _rows(change: ContractChange) -> list[tuple[str, str, str]]:
    """(label, before, after) for the page's comparison, in the reader's words."""
    if change.kind == ContractChange.Kind.NAME:
        return comparison(change.change_request, reveal=False)
    if change.kind == ContractChange.Kind.CONTACT:
        new = change.change_request.new_values
        old = contact_of(change.requested_by)
        rows = [
            (str(label), getattr(old, key, "") if old else "", new.get(key, ""))
            for key, label in CONTACT_FIELDS
        ]
        rows.append(
            (
                _("Umfang"),
                old.get_scope_display() if old else "",
                str(ContactPerson.Scope(new["scope"]).label),
            )
        )
        rows.append(
            (
                _("Grundlage"),
                old.get_basis_display() if old else "",
                str(ContactPerson.Basis(new["basis"]).label),
            )
        )
        return rows
    data = (change.process.data or {}).get("contract_change") or {}
    before, after = data.get("tenants_before", []), data.get("tenants_after", [])
    return [(_("Mietparteien"), ", ".join(before), ", ".join(after))]


def _consents(change: ContractChange) -> list[dict]:
    """Each person asked, their answer, when their link went out (and the reminder), and whether staff
    may send them a new one."""
    if not change.needs_consent:
        return []
    resend = {party.pk for party in open_parties(change)}
    dates = link_dates(change)
    return [
        {
            "row": row,
            "sent": dates.get(row.party.pk, (None, None))[0],
            "reminded": dates.get(row.party.pk, (None, None))[1],
            "may_resend": row.party.pk in resend,
        }
        for row in consent_rows(change.process)
    ]


def _page(
    request: HttpRequest, change: ContractChange, *, reject_form=None, status: int = 200
) -> HttpResponse:
    process = change.process
    context = {
        "change": change,
        "rows": _rows(change),
        "proofs": process.ticket.attachments.order_by("pk"),
        "consents": _consents(change),
        "signatures": consent_records(process),
        "reject_form": reject_form or RejectForm(),
        "may_decide": request.user.has_perm(APPROVE_CHANGES),
        "step": process.current_step,
    }
    return render(request, "backoffice/contracts/detail.html", context, status=status)


@staff_required
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(_changes(request), pk=pk))


def _refused(request: HttpRequest, change: ContractChange, error: TicketError) -> HttpResponse:
    messages.error(request, str(error.message))
    change.process.refresh_from_db()
    return _page(request, change, status=409)


@require_POST
@approver_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_changes(request), pk=pk)
    version = posted_version(request)
    if version is None:
        raise Http404
    try:
        decisions.change_approve(change, actor=Actor.for_user(request.user), version=version)
    except TicketError as error:
        return _refused(request, change, error)
    messages.success(
        request, _("Die Vertragsänderung ist freigegeben: %(kind)s.") % {"kind": change.get_kind_display()}
    )
    return HttpResponseRedirect(reverse("backoffice:contract_change", args=[change.pk]))


@require_POST
@approver_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_changes(request), pk=pk)
    version = posted_version(request)
    form = RejectForm(request.POST)
    if version is None or not form.is_valid():
        return _page(request, change, reject_form=form, status=400)
    try:
        decisions.change_reject(
            change, actor=Actor.for_user(request.user), reason=form.cleaned_data["reason"], version=version
        )
    except ValidationError as invalid:
        form.add_error("reason", invalid)
        return _page(request, change, reject_form=form, status=400)
    except TicketError as error:
        return _refused(request, change, error)
    messages.success(
        request, _("Die Vertragsänderung ist abgelehnt: %(kind)s.") % {"kind": change.get_kind_display()}
    )
    return HttpResponseRedirect(reverse("backoffice:contract_change", args=[change.pk]))


@require_POST
@staff_required
def resend(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    """A new consent link for one who has not answered (lost the mail, it went to spam); the old one no
    longer opens."""
    change = get_object_or_404(_changes(request), pk=pk)
    party = get_object_or_404(Party, pk=party_pk)
    try:
        link_resend(change, party, actor=Actor.for_user(request.user))
    except ProcessError as refused:
        return _refused(request, change, refused)
    messages.success(
        request,
        _("%(name)s erhält einen neuen Link zur Zustimmung; der bisherige gilt nicht mehr.")
        % {"name": party.display_name},
    )
    return HttpResponseRedirect(reverse("backoffice:contract_change", args=[change.pk]))


@staff_required
def addendum(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_changes(request), pk=pk)
    if not change.addendum:
        raise Http404
    return FileResponse(
        change.addendum.open("rb"),
        content_type="application/pdf",
        filename=f"nachtrag-{change.reference}.pdf",
    )


# --- staff enter a change for a tenant ----------------------------------------------------------------

FORMS = {
    ContractChange.Kind.NAME: NameChangeForm,
    ContractChange.Kind.MOVE_IN: MoveInForm,
    ContractChange.Kind.MOVE_OUT: MoveOutForm,
    ContractChange.Kind.CONTACT: ContactForm,
}


def _start(kind: str, party: Party, actor: Actor, data: dict, tenants: list[Party]) -> ContractChange:
    if kind == ContractChange.Kind.NAME:
        return requests.name_change_start(
            party=party,
            actor=actor,
            last_name=data["last_name"],
            first_name=data["first_name"],
            proofs=data["proof"],
        )
    if kind == ContractChange.Kind.MOVE_IN:
        return requests.move_in_start(party=party, actor=actor, **data)
    if kind == ContractChange.Kind.MOVE_OUT:
        leaving = next(p for p in tenants if p.pk == data["leaving"])
        return requests.move_out_start(
            party=party, actor=actor, leaving=leaving, effective_date=data["effective_date"]
        )
    return requests.contact_start(party=party, actor=actor, **data)


@staff_required
@require_http_methods(["GET", "POST"])
def change_new(request: HttpRequest, party_pk: int, kind: str) -> HttpResponse:
    party = get_object_or_404(Party, pk=party_pk)
    if kind not in FORMS:
        raise Http404
    try:
        _tenancy, tenants = requests.contract_parties(party)
    except NoTenancy:
        raise Http404 from None
    extra = {"tenants": tenants} if kind == ContractChange.Kind.MOVE_OUT else {}
    form = FORMS[kind](request.POST or None, request.FILES or None, **extra)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                change = _start(kind, party, Actor.for_user(request.user), form.cleaned_data, tenants)
            except ValidationError as invalid:
                form.add_error(None, invalid)
            except ProcessError as refused:
                form.add_error(None, str(refused.message))
                status = 409
            else:
                messages.success(request, _("Die Vertragsänderung ist angelegt."))
                return HttpResponseRedirect(reverse("backoffice:contract_change", args=[change.pk]))
    context = {"party": party, "form": form, "kind": kind, "title": ContractChange.Kind(kind).label}
    return render(request, "backoffice/contracts/new.html", context, status=status)


urlpatterns = [
    path("vertragsaenderungen/", change_list, name="contract_changes"),
    path("vertragsaenderungen/<int:pk>/", change_detail, name="contract_change"),
    path("vertragsaenderungen/<int:pk>/freigeben/", approve, name="contract_change_approve"),
    path("vertragsaenderungen/<int:pk>/ablehnen/", reject, name="contract_change_reject"),
    path(
        "vertragsaenderungen/<int:pk>/zustimmung/<int:party_pk>/neuer-link/",
        resend,
        name="contract_change_resend",
    ),
    path("vertragsaenderungen/<int:pk>/nachtrag.pdf", addendum, name="contract_change_addendum"),
    path("personen/<int:party_pk>/vertragsaenderung/<str:kind>/", change_new, name="contract_change_new"),
]
