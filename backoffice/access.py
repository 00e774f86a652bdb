"""Who may use the back-office: signed-in staff only. Everyone else is sent to the sign-in page
(anonymous) or gets a 404 (a signed-in tenant learns nothing about the back-office)."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from tickets.models import Ticket


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('backoffice:signin')}?{query}")
        if not (user.is_active and user.is_staff):
            raise Http404()
        from .twofactor import needs_enrolment  # it builds on this module

        if needs_enrolment(request):
            return HttpResponseRedirect(reverse("backoffice:twofactor_setup"))
        return view(request, *args, **kwargs)

    return wrapper


def visible_tickets(request: HttpRequest, *, one: bool = False) -> QuerySet[Ticket]:
    """The tickets this person may open, with what every ticket page shows beside the ticket itself.
    `one`: to read one ticket as the query itself, as the ticket page does all day long
    (`TicketQuerySet.one_visible_to`: no query of its own for the permissions)."""
    return tickets_for(request.user, one=one)


def tickets_for(user, *, one: bool = False) -> QuerySet[Ticket]:
    """`visible_tickets` for a user."""
    tickets = Ticket.objects.one_visible_to(user) if one else Ticket.objects.visible_to(user)
    return tickets.select_related(
        "item__group__category",
        "category",
        "property",
        "unit__building",
        "reporter",
        "assignee",
        "team",
        "contractor",
        "caretaker",
    )


def get_ticket_or_404(
    request: HttpRequest, reference: str, queryset: QuerySet[Ticket] | None = None
) -> Ticket:
    """The ticket by its reference, through the one visibility door (`queryset` narrows or widens what is
    read of it, from `visible_tickets`)."""
    return get_object_or_404(
        queryset if queryset is not None else visible_tickets(request), reference=reference
    )


def staff_with_permission(
    permission: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Staff who hold `permission`; other staff get a 404 like everyone the page is not for."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @staff_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise Http404()
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def posted_version(request: HttpRequest) -> int | None:
    """The version a page was loaded at, as its form posts it; None for a page without one (an old tab),
    which the domain checks against the current version. Anything but plain ASCII digits is no version."""
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() else None
