"""Tenant feedback after a job and the staff's own quality check: who may rate what, and recording it.
A rating is given once per ticket by its reporter once the job is done, and may be changed for 14 days;
a low one puts the ticket on the case worker's follow-up list."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estate.models import Party
from tickets.actors import Actor
from tickets.due import is_working_day
from tickets.models import Ticket
from tickets.services import follow_up_add

from .models import Feedback, QualityCheck, TicketFact
from .rollup import FEEDBACK_FIELDS


class FeedbackClosed(Exception):
    """The rating can no longer be changed."""


def _next_working_day(day: dt.date, state: str) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_working_day(day, state):
        day += dt.timedelta(days=1)
    return day


def _copied_from_fact(ticket: Ticket) -> dict:
    """What the reports read from a rating without joining its ticket (see Feedback)."""
    found = TicketFact.objects.filter(pk=ticket.pk).values(*FEEDBACK_FIELDS).first()
    return found or {
        "team_id": ticket.team_id,
        "property_id": ticket.property_id,
        "category_id": ticket.category_id,
        "contractor_id": ticket.contractor_id,
    }


@transaction.atomic
def feedback_record(
    *,
    ticket: Ticket,
    party: Party,
    score: int,
    effort: int,
    punctuality: int | None = None,
    tidiness: int | None = None,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Feedback:
    """Give or change the reporter's rating. Refused (FeedbackClosed) 14 days after it was first given.
    The first low rating opens a follow-up for the ticket's team on the next working day."""
    now = now or timezone.now()
    feedback = Feedback.objects.select_for_update().filter(ticket=ticket).first()
    if feedback is not None and not feedback.is_editable(now):
        raise FeedbackClosed
    if feedback is None:
        feedback = Feedback(ticket=ticket, party=party, **_copied_from_fact(ticket))
    feedback.score, feedback.effort = score, effort
    feedback.punctuality, feedback.tidiness = punctuality, tidiness
    feedback.comment = comment.strip()
    feedback.save()
    if feedback.is_low and feedback.follow_up_id is None:
        note = _("Niedrige Bewertung: Ergebnis %(score)s/5, Aufwand %(effort)s/5. %(comment)s") % {
            "score": score,
            "effort": effort,
            "comment": feedback.comment,
        }
        feedback.follow_up = follow_up_add(
            ticket=ticket,
            actor=Actor.for_party(party),
            due_on=_next_working_day(timezone.localdate(now), ticket.property.state),
            note=note.strip()[:500],
        )
        feedback.save(update_fields=["follow_up"])
    return feedback


@transaction.atomic
def quality_check_record(*, ticket: Ticket, user, result: int, passed: bool, note: str = "") -> QualityCheck:
    """A case worker's assessment of a finished job; a second one replaces the first."""
    check, _created = QualityCheck.objects.update_or_create(
        ticket=ticket, defaults={"checked_by": user, "result": result, "passed": passed, "note": note.strip()}
    )
    return check
