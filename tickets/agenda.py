"""The staff calendar's entries: open follow-ups, contractors' proposed visits and appointments, for one
person or for their teams, read in three queries whatever the range; and the one way to add an appointment."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from estate.models import TeamMembership

from .errors import InvalidTicket
from .models import FollowUp, Ticket, WorkOrder
from .status import Status
from .workspace import Appointment

# A contractor proposes only a start; the calendar shows the visit as one hour.
CONTRACTOR_VISIT = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    uid: str
    kind: str  # follow_up, contractor, inspection, meeting
    kind_label: str
    title: str
    day: dt.date
    starts_at: dt.datetime | None  # None: all day (a follow-up is due on a date)
    ends_at: dt.datetime | None
    reference: str = ""
    location: str = ""
    who: str = ""
    # A follow-up whose ticket is closed meanwhile: still to be ticked off, shown as such.
    ticket_closed: bool = False


def _team_ids(user: User):
    return TeamMembership.objects.filter(user=user).values("team_id")


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end, dt.time.min, tzinfo=tz),
    )


def entries(user: User, *, start: dt.date, end: dt.date, scope: str = "mine") -> list[Entry]:
    """Everything in [start, end) for `user` ("mine") or for the teams the user belongs to ("team")."""
    since, until = _bounds(start, end)
    tickets = Ticket.objects.visible_to(user)
    teams = _team_ids(user)
    if scope == "team":
        follow_up_who = Q(team__in=teams) | Q(ticket__team__in=teams)
        order_who = Q(ticket__team__in=teams)
        appointment_who = Q(team__in=teams) | Q(user__team_memberships__team__in=teams)
    else:
        follow_up_who = Q(owner=user) | Q(ticket__assignee=user)
        order_who = Q(ticket__assignee=user)
        appointment_who = Q(user=user)

    found: list[Entry] = []
    follow_ups = (
        FollowUp.objects.filter(follow_up_who, due_on__gte=start, due_on__lt=end, done_at=None)
        .filter(ticket__in=tickets)
        .select_related("ticket__property", "owner")
    )
    for f in follow_ups:
        found.append(
            Entry(
                uid=f"follow-up-{f.pk}",
                kind="follow_up",
                kind_label=_("Wiedervorlage"),
                title=f.note or _("Wiedervorlage"),
                day=f.due_on,
                starts_at=None,
                ends_at=None,
                reference=f.ticket.reference,
                location=str(f.ticket.property),
                who=str(f.owner or ""),
                ticket_closed=f.ticket.status in Status.closed(),
            )
        )
    orders = (
        WorkOrder.objects.filter(
            order_who,
            appointment_at__gte=since,
            appointment_at__lt=until,
            revoked_at=None,
            declined_at=None,
        )
        .filter(ticket__in=tickets)
        .select_related("ticket__property", "contractor", "caretaker")
    )
    for order in orders:
        starts = order.appointment_at
        worker = order.contractor or order.caretaker
        found.append(
            Entry(
                uid=f"work-order-{order.pk}",
                kind="contractor",
                # Labelled by who comes: the caretaker's visit is no craftsman's.
                kind_label=_("Hauswarttermin") if order.caretaker_id else _("Handwerkertermin"),
                title=_("%(contractor)s bei %(reference)s")
                % {"contractor": worker, "reference": order.ticket.reference},
                day=timezone.localtime(starts).date(),
                starts_at=starts,
                ends_at=starts + CONTRACTOR_VISIT,
                reference=order.ticket.reference,
                location=str(order.ticket.property),
                who=str(worker),
            )
        )
    appointments = (
        Appointment.objects.filter(
            appointment_who, starts_at__lt=until, ends_at__gte=since, cancelled_at=None
        )
        .filter(Q(ticket__isnull=True) | Q(ticket__in=tickets))
        .select_related("ticket", "user", "contractor")
        .distinct()
    )
    for a in appointments:
        found.append(
            Entry(
                uid=f"appointment-{a.pk}",
                kind=a.kind,
                kind_label=a.get_kind_display(),
                title=a.title,
                day=timezone.localtime(a.starts_at).date(),
                starts_at=a.starts_at,
                ends_at=a.ends_at,
                reference=a.ticket.reference if a.ticket else "",
                location=a.location,
                who=str(a.contractor or a.user or ""),
            )
        )
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    # All-day entries first on their day, then by time.
    return sorted(found, key=lambda e: (e.day, e.starts_at is not None, e.starts_at or far, e.title))


@transaction.atomic
def appointment_create(
    *,
    ticket: Ticket | None,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    user: User | None,
    location: str = "",
    note: str = "",
) -> Appointment:
    """Termin: an inspection, contractor visit or meeting, in the calendar of `user` and the ticket's team."""
    if ends_at < starts_at:
        raise InvalidTicket(_("Das Ende liegt vor dem Beginn."))
    return Appointment.objects.create(
        ticket=ticket,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        user=user,
        team=ticket.team if ticket else None,
        contractor=ticket.contractor if ticket and kind == Appointment.Kind.CONTRACTOR else None,
        location=location.strip(),
        note=note.strip(),
    )
