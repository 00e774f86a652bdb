"""Wiedervorlagen that end: ticked off, moved to another day or handed to a colleague, each with its
timeline row. A follow-up belongs to its owner, who is reminded on its day (notifications.follow_ups)."""

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from . import workflow
from .actors import Actor
from .errors import InvalidTicket
from .models import FollowUp, TicketEvent


def _open(follow_up: FollowUp, expected_version: int | None) -> FollowUp:
    """The follow-up, locked, if it is still open and its ticket unchanged since the page was loaded."""
    workflow.check_version(follow_up.ticket, expected_version)
    locked = FollowUp.objects.select_for_update().select_related("ticket").get(pk=follow_up.pk)
    if locked.done_at is not None:
        raise InvalidTicket(_("Diese Wiedervorlage ist schon erledigt."))
    return locked


def _record(follow_up: FollowUp, *, actor: Actor, action: str, note: str, **data) -> None:
    workflow.record(
        follow_up.ticket,
        kind=TicketEvent.Kind.FOLLOW_UP,
        actor=actor,
        action=action,
        follow_up_id=follow_up.pk,
        due_on=follow_up.due_on.isoformat(),
        note=note.strip(),
        **data,
    )


@transaction.atomic
def follow_up_done(
    *, follow_up: FollowUp, actor: Actor, note: str = "", expected_version: int | None = None
) -> FollowUp:
    """Tick off: the follow-up leaves the calendar and "Wiedervorlage heute"."""
    follow_up = _open(follow_up, expected_version)
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at"])
    _record(follow_up, actor=actor, action="done", note=note)
    return follow_up


@transaction.atomic
def follow_up_move(
    *,
    follow_up: FollowUp,
    actor: Actor,
    due_on: dt.date,
    note: str = "",
    expected_version: int | None = None,
) -> FollowUp:
    """Another day; its owner is reminded again on the new one."""
    follow_up = _open(follow_up, expected_version)
    previous = follow_up.due_on
    follow_up.due_on = due_on
    follow_up.reminded_at = None
    follow_up.save(update_fields=["due_on", "reminded_at"])
    _record(follow_up, actor=actor, action="moved", note=note, previous=previous.isoformat())
    return follow_up


@transaction.atomic
def follow_up_hand_over(
    *,
    follow_up: FollowUp,
    actor: Actor,
    to: User,
    note: str = "",
    expected_version: int | None = None,
) -> FollowUp:
    """To a colleague, who is reminded from now on (and hears of it: notifications.follow_ups)."""
    if not to.is_staff or not to.is_active:
        raise InvalidTicket(_("Wiedervorlagen gehen nur an aktive Kolleginnen und Kollegen."))
    follow_up = _open(follow_up, expected_version)
    follow_up.owner = to
    follow_up.reminded_at = None
    follow_up.save(update_fields=["owner", "reminded_at"])
    _record(follow_up, actor=actor, action="handed_over", note=note, to_id=to.pk, to=str(to))
    return follow_up


def due_for_reminder(day: dt.date) -> QuerySet[FollowUp]:
    """Open follow-ups due on `day` whose owner has not been reminded yet."""
    return FollowUp.objects.filter(
        due_on=day, done_at=None, reminded_at=None, owner__isnull=False
    ).select_related("owner", "ticket__item", "ticket__property", "ticket__unit__building")
