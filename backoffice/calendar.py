"""Kalender: follow-ups, contractors' visits and appointments by day or week, for me or my teams; an
appointment added from the ticket page; and each colleague's iCalendar feed at a secret address."""

import datetime as dt
import hmac

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from estate.fields import LineField, TextField
from tickets import agenda, ical
from tickets.errors import TicketError
from tickets.models import Ticket
from tickets.workspace import Appointment

from .access import get_ticket_or_404, staff_required
from .forms import StaffChoiceField, staff_users

FEED_SALT = "backoffice.calendar.feed"
FEED_PAST = dt.timedelta(days=30)
FEED_AHEAD = dt.timedelta(days=365)
DATETIME_INPUT = forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Art"), choices=Appointment.Kind.choices)
    title = LineField(label=gettext_lazy("Titel"), max_length=200)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Beginn"), input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Ende"), input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT
    )
    user = StaffChoiceField(
        label=gettext_lazy("Für"), queryset=staff_users(), required=False, empty_label="—"
    )
    location = LineField(label=gettext_lazy("Ort"), max_length=300, required=False)
    note = TextField(
        label=gettext_lazy("Notiz"), max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "termin")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("Das Ende liegt vor dem Beginn."))
        return data


def appointment_initial(ticket: Ticket, user: User) -> dict:
    place = str(ticket.property)
    if ticket.unit_id:
        place = f"{place}, {ticket.unit}"
    return {
        "kind": Appointment.Kind.INSPECTION,
        "title": _("Begehung %(reference)s") % {"reference": ticket.reference},
        "location": place,
        "user": user.pk,
    }


@require_POST
@staff_required
def appointment_add(request: HttpRequest, reference: str) -> HttpResponse:
    from .views.ticket import _page

    ticket = get_ticket_or_404(request, reference)
    form = AppointmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            agenda.appointment_create(
                ticket=ticket,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                user=data["user"],
                location=data["location"],
                note=data["note"],
            )
        except TicketError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Termin am %(when)s ist eingetragen.")
                % {"when": timezone.localtime(data["starts_at"]).strftime("%d.%m.%Y %H:%M")},
            )
            return HttpResponseRedirect(reverse("backoffice:ticket", args=[ticket.reference]))
    return _page(request, ticket, forms_with_errors={"appointment_form": form}, status=400)


def _day(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return timezone.localdate()
    # Far-off years would overflow when paging back or forth; nobody plans there.
    return day if 1900 <= day.year <= 2999 else timezone.localdate()


@staff_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    mode = "tag" if request.GET.get("ansicht") == "tag" else "woche"
    scope = "team" if request.GET.get("wer") == "team" else "mine"
    day = _day(request.GET.get("datum", ""))
    if mode == "woche":
        start, length = day - dt.timedelta(days=day.weekday()), 7
    else:
        start, length = day, 1
    end = start + dt.timedelta(days=length)
    found = agenda.entries(request.user, start=start, end=end, scope=scope)
    days = [start + dt.timedelta(days=i) for i in range(length)]
    columns = [(d, [e for e in found if e.day == d]) for d in days]
    step = dt.timedelta(days=length)
    context = {
        "mode": mode,
        "scope": scope,
        "start": start,
        "end": end - dt.timedelta(days=1),
        "columns": columns,
        "today": timezone.localdate(),
        "prev_day": (start - step).isoformat(),
        "next_day": (start + step).isoformat(),
        "day": day.isoformat(),
        "count": len(found),
        "feed_url": request.build_absolute_uri(
            reverse("backoffice:calendar_feed", args=[feed_token(request.user)])
        ),
    }
    return render(request, "backoffice/calendar/page.html", context)


def feed_token(user: User) -> str:
    """`<user id>-<HMAC>`; the HMAC covers the id and the user's feed key, so a new key (`feed_rotate`)
    voids every old address."""
    digest = salted_hmac(FEED_SALT, f"{user.pk}:{user.feed_key}", algorithm="sha256")
    return f"{user.pk}-{digest.hexdigest()[:40]}"


def _feed_user(token: str) -> User:
    user_id, _sep, _digest = token.partition("-")
    if not user_id.isdigit():
        raise Http404()
    user = User.objects.filter(pk=user_id, is_active=True, is_staff=True).first()
    if user is None or not hmac.compare_digest(feed_token(user), token):
        raise Http404()
    return user


@require_POST
@staff_required
def feed_rotate(request: HttpRequest) -> HttpResponse:
    request.user.rotate_feed_key()
    messages.success(request, _("Ein neuer Kalender-Link ist erzeugt; der alte gilt nicht mehr."))
    return HttpResponseRedirect(reverse("backoffice:calendar"))


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's own calendar for calendar apps; no session, the secret address is the key."""
    user = _feed_user(token)
    today = timezone.localdate()
    found = agenda.entries(user, start=today - FEED_PAST, end=today + FEED_AHEAD, scope="mine")
    host = request.get_host().split(":")[0]
    events = []
    for entry in found:
        summary = f"{entry.kind_label}: {entry.title}"
        if entry.reference and entry.reference not in summary:
            summary = f"{summary} ({entry.reference})"
        events.append(
            ical.Event(
                uid=f"{entry.uid}@{host}",
                summary=summary,
                starts_at=entry.starts_at,
                ends_at=entry.ends_at,
                day=entry.day,
                location=entry.location or "",
                url=request.build_absolute_uri(reverse("backoffice:ticket", args=[entry.reference]))
                if entry.reference
                else "",
            )
        )
    body = ical.calendar_bytes(
        events,
        product="Sachbearbeitung",
        name=_("Kalender %(name)s") % {"name": user.get_full_name() or user.get_username()},
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("kalender/", calendar_page, name="calendar"),
    path("kalender/neuer-link/", feed_rotate, name="calendar_feed_rotate"),
    path("kalender/<str:token>.ics", feed, name="calendar_feed"),
    path("meldungen/<ref:reference>/termin/", appointment_add, name="appointment_add"),
]
