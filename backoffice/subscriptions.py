"""Zusatzleistungen in the back-office: the agreements, those waiting for a confirmation (a booking or a
notice) first, and the page of one with its history, where a case worker confirms or refuses with a
reason. Each decision POSTs the process version the page showed, so a decision on a page someone else has
meanwhile decided is refused (409). Every change goes through subscriptions.booking."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from estate.fields import TextField
from estate.models import Party, Unit
from estate.salutations import word_for
from notifications.process_mail.subscriptions import minimum_term_text, price_text, terms_text
from subscriptions import booking
from subscriptions.models import Service, Subscription
from tickets.actors import Actor
from tickets.errors import StaleTicket, TicketError

from .access import staff_required

PAGE_SIZE = 100


class DecideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = TextField(
        label=gettext_lazy("Begründung für die Mietpartei"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _subscriptions(request: HttpRequest):
    return booking.visible_subscriptions(request.user).select_related(
        "party", "service", "unit__building", "property", "process__ticket", "cancel_process__ticket"
    )


def _waiting_first():
    """Bookings and notices that wait for staff first, oldest waiting first; then the newest changes."""
    waiting = Q(state=Subscription.State.REQUESTED) | Q(
        state=Subscription.State.ACTIVE, requested_end__isnull=False
    )
    return Case(When(waiting, then=Value(0)), default=Value(1), output_field=IntegerField())


@staff_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("stand", "")
    rows = _subscriptions(request)
    if state in Subscription.State.values:
        rows = rows.filter(state=state)
    rows = rows.annotate(waiting=_waiting_first()).order_by("waiting", "changed_at", "pk")
    rows = list(rows[:PAGE_SIZE])
    # Waiting ones oldest first (who waits longest), the rest newest first.
    waiting = [s for s in rows if s.waiting == 0]
    rest = sorted((s for s in rows if s.waiting), key=lambda s: (s.changed_at, s.pk), reverse=True)
    return render(
        request,
        "backoffice/subscriptions/list.html",
        {
            "waiting": waiting,
            "rest": rest,
            "state": state,
            "states": Subscription.State.choices,
            "full": len(rows) == PAGE_SIZE,
        },
    )


def _page(request: HttpRequest, subscription: Subscription, *, form=None, status: int = 200) -> HttpResponse:
    process = booking.awaiting_process(subscription)
    form = form or (DecideForm(initial={"version": process.version}) if process else None)
    if form is not None:
        form.fields["reason"].label = word_for(
            subscription.party,
            female=_("Begründung für die Mieterin"),
            male=_("Begründung für den Mieter"),
            neutral=_("Begründung für die Mietpartei"),
        )
    return render(
        request,
        "backoffice/subscriptions/detail.html",
        {
            "subscription": subscription,
            "price": price_text(subscription),
            "minimum_term": minimum_term_text(subscription),
            "terms": terms_text(subscription),
            "changes": subscription.changes.all(),
            "awaiting": process,
            # Confirmed late, a booking would begin in the past: say so before staff decide.
            "start_passed": subscription.state == Subscription.State.REQUESTED
            and subscription.starts_on < timezone.localdate(),
            "form": form,
        },
        status=status,
    )


@staff_required
def subscription_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(_subscriptions(request), pk=pk))


@require_POST
@staff_required
def subscription_decide(request: HttpRequest, pk: int, confirm: bool) -> HttpResponse:
    subscription = get_object_or_404(_subscriptions(request), pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _page(request, subscription, form=form, status=400)
    try:
        booking.subscription_decide(
            subscription,
            actor=Actor.for_user(request.user),
            confirm=confirm,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    except ValidationError as invalid:
        form.add_error("reason", invalid)
        return _page(request, subscription, form=form, status=400)
    except TicketError as error:
        messages.error(request, str(error.message))
        subscription.refresh_from_db()
        status = 409 if isinstance(error, StaleTicket) else 400
        return _page(request, subscription, status=status)
    refused = word_for(
        subscription.party,
        female=_("Abgelehnt; die Mieterin erfährt den Grund."),
        male=_("Abgelehnt; der Mieter erfährt den Grund."),
        neutral=_("Abgelehnt; die Mietpartei erfährt den Grund."),
    )
    messages.success(request, _("Bestätigt.") if confirm else refused)
    return HttpResponseRedirect(reverse("backoffice:subscription", args=[pk]))


class StaffBookForm(forms.Form):
    """A booking staff enter for a tenant who calls or writes; it waits for confirmation like any other."""

    service = forms.ModelChoiceField(label=gettext_lazy("Zusatzleistung"), queryset=Service.objects.none())
    # An ISO value, the one a date input shows: the German format would leave it empty after an error.
    starts_on = forms.DateField(
        label=gettext_lazy("Beginn"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Stellplatz / Abstellraum"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, prop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = booking.offered_services(prop)
        self.fields["unit"].queryset = booking.free_units_any(prop)


@staff_required
@require_http_methods(["GET", "POST"])
def subscription_new(request: HttpRequest, party_id: int) -> HttpResponse:
    party = get_object_or_404(Party, pk=party_id)
    home = booking.home_of(party)
    if home is None:  # an owner, a complainant, a former tenant: say why, not a bare 404
        return render(
            request, "backoffice/subscriptions/new.html", {"party": party, "home": None}, status=409
        )
    form = StaffBookForm(request.POST or None, prop=home.unit.building.property)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                subscription = booking.subscription_book(
                    party=party,
                    service=data["service"],
                    starts_on=data["starts_on"],
                    unit=data["unit"],
                    actor=Actor.for_user(request.user),
                )
            except ValidationError as invalid:
                form.add_error("unit" if invalid.code == "unit" else "starts_on", invalid)
            except TicketError as error:
                form.add_error(None, str(error.message))
                status = 409
            else:
                messages.success(request, _("Die Buchung ist erfasst."))
                return HttpResponseRedirect(reverse("backoffice:subscription", args=[subscription.pk]))
    hint = word_for(
        party,
        female=_("Für einen Anruf oder ein Schreiben der Mieterin (%(place)s)."),
        male=_("Für einen Anruf oder ein Schreiben des Mieters (%(place)s)."),
        neutral=_("Für einen Anruf oder ein Schreiben der Mietpartei (%(place)s)."),
    ) % {"place": home.unit}
    return render(
        request,
        "backoffice/subscriptions/new.html",
        {"party": party, "home": home, "form": form, "hint": hint},
        status=status,
    )


urlpatterns = [
    path("personen/<int:party_id>/zusatzleistung/", subscription_new, name="subscription_new"),
    path("zusatzleistungen/", subscription_list, name="subscriptions"),
    path("zusatzleistungen/<int:pk>/", subscription_detail, name="subscription"),
    path(
        "zusatzleistungen/<int:pk>/bestaetigen/",
        subscription_decide,
        {"confirm": True},
        name="subscription_confirm",
    ),
    path(
        "zusatzleistungen/<int:pk>/ablehnen/",
        subscription_decide,
        {"confirm": False},
        name="subscription_refuse",
    ),
]
