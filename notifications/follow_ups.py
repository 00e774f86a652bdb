"""Wiedervorlagen that reach their owner: a reminder on the day (held for the daily digest for those who
chose it), and a note to the colleague a follow-up is handed to."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from tickets.follow_ups import due_for_reminder
from tickets.models import FollowUp, Ticket, TicketEvent
from tickets.status import Status

from .recipients import absolute, for_staff, tell, what


def _link(ticket: Ticket) -> dict:
    return {
        "link": absolute(reverse("backoffice:ticket", args=[ticket.reference])),
        "link_label": lambda: _("Meldung öffnen"),
    }


def _lines(follow_up: FollowUp) -> list[str]:
    ticket = follow_up.ticket
    lines = [what(ticket)]
    if follow_up.note:
        lines.append(_("Notiz: %(note)s") % {"note": follow_up.note})
    if ticket.status in Status.closed():
        lines.append(
            _("Die Meldung ist bereits abgeschlossen (%(status)s).") % {"status": ticket.get_status_display()}
        )
    return lines


def remind_follow_ups(*, today: dt.date | None = None) -> int:
    """Every morning: each owner hears of the follow-ups due today, once per follow-up and day. Returns
    how many were reminded."""
    today = today or timezone.localdate()
    count = 0
    for follow_up in due_for_reminder(today).iterator(chunk_size=200):
        with transaction.atomic():
            # Another run (a second beat, a retry) may have taken it meanwhile.
            claimed = FollowUp.objects.filter(pk=follow_up.pk, reminded_at=None, done_at=None).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            tell(
                for_staff(follow_up.owner),
                kind="follow_up_reminder",
                key=f"{follow_up.pk}:{follow_up.due_on:%Y%m%d}",
                ticket=follow_up.ticket,
                compose=lambda f=follow_up: (
                    _("Wiedervorlage heute: %(title)s") % {"title": f.ticket.title_display},
                    [_("heute ist diese Wiedervorlage fällig:"), *_lines(f)],
                ),
                **_link(follow_up.ticket),
            )
            count += 1
    return count


def on_follow_up(ticket: Ticket, event: TicketEvent) -> None:
    """A colleague who is handed a follow-up hears of it, unless they handed it to themselves."""
    if event.data.get("action") != "handed_over" or event.data.get("to_id") == event.actor_id:
        return
    follow_up = FollowUp.objects.filter(pk=event.data.get("follow_up_id")).first()
    owner = User.objects.filter(pk=event.data.get("to_id")).first()
    if follow_up is None or owner is None:
        return
    tell(
        for_staff(owner),
        kind="follow_up_handed_over",
        key=str(event.pk),
        ticket=ticket,
        compose=lambda: (
            _("Wiedervorlage für Sie: %(title)s") % {"title": ticket.title_display},
            [
                _("%(who)s hat Ihnen eine Wiedervorlage am %(day)s übergeben.")
                % {"who": event.actor or _("Jemand"), "day": follow_up.due_on.strftime("%d.%m.%Y")},
                *_lines(follow_up),
            ],
        ),
        **_link(ticket),
    )
