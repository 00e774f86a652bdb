"""Mein Mietvertrag: the tenant's contract (the home, its tenants, the contact person in force), the
changes they asked for with their state, and the forms to ask for one: a new name with its proof, a
co-tenant moving in or out, a contact person. Every rule is contracts.requests'."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from contracts import requests
from contracts.consent_links import consent_states
from contracts.contacts import contact_of
from contracts.errors import NoTenancy
from contracts.forms import ContactForm, MoveInForm, MoveOutForm, NameChangeForm
from contracts.models import ContractChange
from estate.models import Tenancy
from processes.errors import ProcessError
from tickets.actors import Actor

from .access import current_party, resident_required

LIST_LIMIT = 50


@resident_required
def contract_changes(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    try:
        tenancy, tenants = requests.contract_parties(party)
    except NoTenancy:
        tenancy, tenants = None, []
    # A co-tenant approved ahead of the moving-in day reads where and when theirs begins, not "none".
    upcoming = (
        None
        if tenancy
        else party.tenancies.filter(start__gt=timezone.localdate())
        .select_related("unit")
        .order_by("start")
        .first()
    )
    # The one door to what a resident sees of a process: those they hold a role in (processes.access).
    changes = ContractChange.objects.visible_to(request.user).with_facts().order_by("-created_at", "-pk")
    changes = list(changes[:LIST_LIMIT])
    states = consent_states(changes)
    for change in changes:
        change.consents = states.get(change.pk, [])
    # Who joins the contract on a later day (an approved move-in): named with their first day.
    coming = []
    if tenancy:
        later = Tenancy.objects.filter(unit=tenancy.unit, start__gt=timezone.localdate())
        if tenancy.contract_number:
            later = later.filter(contract_number=tenancy.contract_number)
        coming = list(later.select_related("party").order_by("start", "pk"))
    context = {
        "tenancy": tenancy,
        "tenants": tenants,
        "coming": coming,
        "upcoming": upcoming,
        "contact": contact_of(party),
        "changes": changes,
    }
    return render(request, "portal/contracts/overview.html", context)


def _form_page(request, form, *, kind: str, status: int = 200) -> HttpResponse:
    return render(
        request,
        "portal/contracts/form.html",
        {"form": form, "kind": kind, "title": ContractChange.Kind(kind).label},
        status=status,
    )


def _started(request: HttpRequest, start, form, *, kind: str, field_of: dict) -> HttpResponse:
    """Run the service; its refusals go next to the field they are about, or above the form."""
    try:
        start()
    except ValidationError as invalid:
        form.add_error(field_of.get(invalid.code), invalid)
        return _form_page(request, form, kind=kind, status=400)
    except ProcessError as refused:
        form.add_error(None, str(refused.message))
        return _form_page(request, form, kind=kind, status=409)
    messages.success(
        request, gettext("Vielen Dank. Ihr Antrag ist eingegangen; wir prüfen ihn und melden uns.")
    )
    return redirect("portal:contract_changes")


def _client(request: HttpRequest) -> dict:
    return {
        "ip_address": request.META.get("REMOTE_ADDR"),
        "user_agent": request.headers.get("User-Agent", ""),
    }


@resident_required
@require_http_methods(["GET", "POST"])
def name_change(request: HttpRequest) -> HttpResponse:
    kind = ContractChange.Kind.NAME
    if request.method == "GET":
        return _form_page(request, NameChangeForm(), kind=kind)
    form = NameChangeForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, form, kind=kind, status=400)
    data = form.cleaned_data
    return _started(
        request,
        lambda: requests.name_change_start(
            party=current_party(request),
            actor=Actor.for_user(request.user),
            last_name=data["last_name"],
            first_name=data["first_name"],
            proofs=data["proof"],
        ),
        form,
        kind=kind,
        field_of={"last_name_required": "last_name", "proof_required": "proof"},
    )


@resident_required
@require_http_methods(["GET", "POST"])
def move_in(request: HttpRequest) -> HttpResponse:
    kind = ContractChange.Kind.MOVE_IN
    if request.method == "GET":
        return _form_page(request, MoveInForm(), kind=kind)
    form = MoveInForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, kind=kind, status=400)
    data = form.cleaned_data
    return _started(
        request,
        lambda: requests.move_in_start(
            party=current_party(request),
            actor=Actor.for_user(request.user),
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            relation=data["relation"],
            effective_date=data["effective_date"],
            birth_date=data["birth_date"],
            salutation=data["salutation"],
            **_client(request),
        ),
        form,
        kind=kind,
        field_of={"email_required": "email", "relation": "relation"},
    )


@resident_required
@require_http_methods(["GET", "POST"])
def move_out(request: HttpRequest) -> HttpResponse:
    kind = ContractChange.Kind.MOVE_OUT
    party = current_party(request)
    try:
        _tenancy, tenants = requests.contract_parties(party)
    except NoTenancy:
        tenants = []
    if request.method == "GET":
        return _form_page(request, MoveOutForm(tenants=tenants), kind=kind)
    form = MoveOutForm(request.POST, tenants=tenants)
    if not form.is_valid():
        return _form_page(request, form, kind=kind, status=400)
    leaving = next(p for p in tenants if p.pk == form.cleaned_data["leaving"])
    return _started(
        request,
        lambda: requests.move_out_start(
            party=party,
            actor=Actor.for_user(request.user),
            leaving=leaving,
            effective_date=form.cleaned_data["effective_date"],
            **_client(request),
        ),
        form,
        kind=kind,
        field_of={},
    )


@resident_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    kind = ContractChange.Kind.CONTACT
    if request.method == "GET":
        return _form_page(request, ContactForm(), kind=kind)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, kind=kind, status=400)
    return _started(
        request,
        lambda: requests.contact_start(
            party=current_party(request), actor=Actor.for_user(request.user), **form.cleaned_data
        ),
        form,
        kind=kind,
        field_of={"address": "street", "name_required": "name", "scope": "scope", "basis": "basis"},
    )


urlpatterns = [
    path("mietvertrag/", contract_changes, name="contract_changes"),
    path("mietvertrag/name/", name_change, name="contract_name"),
    path("mietvertrag/mitmieter-einzug/", move_in, name="contract_move_in"),
    path("mietvertrag/mitmieter-auszug/", move_out, name="contract_move_out"),
    path("mietvertrag/ansprechpartner/", contact, name="contract_contact"),
]
