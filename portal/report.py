"""The report wizard: place -> category -> group -> item -> details -> confirmation.

Each step is a plain GET page whose links carry the choices so far in the query string, so it works
without JavaScript and the back button always does the expected thing. Only the last step writes.
With JavaScript, htmx asks the same views for just the step (the template's `step` partial) and swaps it
into the page, so moving on does not reload the whole page.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalogs.models import CatalogItem
from certificates.models import Certificate
from tickets.actors import Actor
from tickets.errors import TicketError
from tickets.models import Ticket, Visibility
from tickets.resend import ReportKeyReused

from . import certificates, report_once
from .access import current_party, resident_required, visible_ticket
from .forms import ReportForm
from .help import item_articles
from .places import Place, find_place, report_places
from .process_forms import form_for

CERTIFICATE_KINDS = set(Certificate.Kind.values)

STEPS = ("place", "category", "group", "item")


def _url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def _place_or_404(request: HttpRequest) -> Place:
    place = find_place(current_party(request), request.GET.get("place", ""))
    if place is None:
        raise Http404
    return place


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return int(value)


def _wants_fragment(request: HttpRequest) -> bool:
    """htmx asks for just the step; after Back, htmx restores history by asking for the whole page."""
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers


def _render_step(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """One view serves the page and its fragment: the `step` partial when htmx asks, the page otherwise."""
    fragment = _wants_fragment(request)
    response = render(
        request, f"{template}#step" if fragment else template, {**context, "fragment": fragment}
    )
    # The same address answers two ways; without Vary a browser cache could show a bare fragment on reload.
    patch_vary_headers(response, ["HX-Request"])
    return response


@resident_required
def choose(request: HttpRequest) -> HttpResponse:
    """One view for the four choosing steps; which step it is follows from the choices made so far."""
    party = current_party(request)
    if not request.GET.get("place"):
        choices = [
            (
                _url("portal:report", place=p.key),
                p.title,
                _("In meiner Wohnung") if p.unit else _("Gemeinschaftsbereich: Treppenhaus, Keller, Hof …"),
            )
            for p in report_places(party)
        ]
        return _step(request, "place", _("Wo ist es?"), choices, back=reverse("portal:home"))
    place = _place_or_404(request)
    items = list(CatalogItem.objects.for_property(place.prop).select_related("group__category"))
    category_id, group_id, item_id = (_int_param(request, n) for n in ("category", "group", "item"))
    if item_id is not None:
        item = next((i for i in items if i.pk == item_id), None)
        if item is None:
            raise Http404
        if item.document_kind in CERTIFICATE_KINDS:
            # A certificate we write ourselves (Mietbescheinigung, ...): its page, not a document request.
            return redirect(certificates.wizard_link(item.document_kind))
        if process_form := form_for(item):
            # A process has its own form: the notice's lawful date, the complaint's facts, the drawings.
            return redirect(process_form)
        details = _url("portal:report_details", place=place.key, item=item_id)
        if articles := item_articles(item_id):
            # Perhaps an article answers it ("Sicherung prüfen"): shown before the description.
            back = _url("portal:report", place=place.key, category=category_id, group=group_id)
            context = {"item": item, "articles": articles, "details": details, "back": back}
            return _render_step(request, "portal/help/report_articles.html", context)
        return redirect(details)
    if category_id is None:
        categories = {i.group.category.pk: i.group.category for i in items}
        choices = [
            (_url("portal:report", place=place.key, category=c.pk), c.label, "")
            for c in sorted(categories.values(), key=lambda c: (c.position, c.name_de))
        ]
        return _step(request, "category", _("Worum geht es?"), choices, back=reverse("portal:report"))
    items = [i for i in items if i.group.category_id == category_id]
    if not items:
        raise Http404
    if group_id is None:
        groups = {i.group.pk: i.group for i in items}
        choices = [
            (_url("portal:report", place=place.key, category=category_id, group=g.pk), g.label, "")
            for g in sorted(groups.values(), key=lambda g: (g.position, g.name_de))
        ]
        back = _url("portal:report", place=place.key)
        return _step(request, "group", _("Welcher Bereich?"), choices, back=back)
    items = [i for i in items if i.group_id == group_id]
    if not items:
        raise Http404
    choices = [
        (
            _url("portal:report", place=place.key, category=category_id, group=group_id, item=i.pk),
            i.label,
            i.hint,
        )
        for i in items
    ]
    back = _url("portal:report", place=place.key, category=category_id)
    return _step(request, "item", _("Was genau?"), choices, back=back)


def _step(request, step: str, heading: str, choices: list, *, back: str) -> HttpResponse:
    return _render_step(
        request,
        "portal/report_choose.html",
        {
            "step": step,
            "step_number": STEPS.index(step) + 1,
            "heading": heading,
            "choices": choices,
            "back": back,
        },
    )


@resident_required
@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    party = current_party(request)
    place = _place_or_404(request)
    item_id = _int_param(request, "item")
    item = (
        CatalogItem.objects.for_property(place.prop)
        .select_related("group__category")
        .prefetch_related("extra_fields")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404
    form = ReportForm(request.POST or None, request.FILES or None, item=item, common_area=place.unit is None)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            # Once per the form's send key: a report sent again (a lost answer, an offline draft) finds
            # the ticket it made the first time.
            ticket = report_once.creator(request, reporter=party)(
                actor=Actor.for_user(request.user),
                item=item,
                prop=place.prop,
                unit=place.unit,
                common_area=form.cleaned_data.get("common_area", ""),
                description=form.description_value,
                answers=form.answers(),
                visibility=form.visibility_value,
                is_anonymous=form.cleaned_data.get("is_anonymous", False),
                availability=form.cleaned_data.get("availability", ""),
                phone_consent=form.cleaned_data.get("phone_consent", False),
                images=form.cleaned_data.get("photos", ()),
            )
        except TicketError as refused:
            # Nothing was stored; the form shows again with what was typed (photos must be chosen again).
            form.add_error(None, refused.message)
            conflict = isinstance(refused, ReportKeyReused)
        else:
            return redirect("portal:report_done", reference=ticket.reference)
    response = _render_step(
        request,
        "portal/report_details.html",
        {
            "form": form,
            "item": item,
            "place": place,
            "similar": _similar_public_tickets(request, place, item),
            "report_key": report_once.report_key(request),
            "back": _url(
                "portal:report", place=place.key, category=item.group.category_id, group=item.group_id
            ),
        },
    )
    if conflict:
        response.status_code = 409  # the send key came before with other content
    return response


def _similar_public_tickets(request: HttpRequest, place: Place, item: CatalogItem) -> list[Ticket]:
    """Open public tickets in the same group at this property: perhaps it is already reported."""
    if not item.may_be_public:
        return []
    return list(
        Ticket.objects.visible_to(request.user)
        .active()
        .filter(property=place.prop, visibility=Visibility.PUBLIC, item__group=item.group_id)
        .exclude(reporter=current_party(request))
        .select_related("item", "property", "unit__building")
        .order_by("-created_at")[:10]
    )


@resident_required
def done(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = visible_ticket(request, reference)
    response = _render_step(request, "portal/report_done.html", {"ticket": ticket})
    if _wants_fragment(request):
        # The form was sent by htmx and the redirect followed inside fetch; show the confirmation's own
        # address so a reload shows it again instead of the form.
        response["HX-Push-Url"] = request.get_full_path()
    return response
