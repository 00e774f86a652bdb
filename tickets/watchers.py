"""Colleagues involved in a ticket: watchers added by hand on the ticket page or by an @-mention of their
username in an internal note. Each addition is a timeline row; notifications.rules tells watchers what
it tells the assignee."""

import re

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User

from . import workflow
from .actors import Actor
from .errors import InvalidTicket
from .models import Ticket, TicketEvent
from .watching import Watcher

# "@mmueller" in a note; not the middle of an e-mail address (a letter or digit before the @).
MENTION = re.compile(r"(?<![\w.@])@([\w.+-]+\w)")


def mentioned_usernames(text: str) -> set[str]:
    return {name.lower() for name in MENTION.findall(text)}


@transaction.atomic
def watcher_add(*, ticket: Ticket, user: User, actor: Actor, via: str = "hand") -> Watcher | None:
    """Make `user` a watcher of `ticket`, with its timeline row; None when she watches it already."""
    if not (user.is_staff and user.is_active):
        raise InvalidTicket(_("Beobachten können nur aktive Kolleginnen und Kollegen."))
    watcher, created = Watcher.objects.get_or_create(
        ticket=ticket, user=user, defaults={"added_by": actor.user if actor.user and actor.user.pk else None}
    )
    if not created:
        return None
    workflow.record(
        ticket, kind=TicketEvent.Kind.WATCHER, actor=actor, user_id=user.pk, who=str(user), via=via
    )
    return watcher


def watchers_mention(*, ticket: Ticket, actor: Actor, body: str) -> list[Watcher]:
    """Colleagues @-mentioned in an internal note watch the ticket from now on (the writer needn't)."""
    names = mentioned_usernames(body)
    if not names:
        return []
    by_name = Q(pk__in=[])
    for name in names:
        by_name |= Q(username__iexact=name)
    colleagues = User.objects.filter(by_name, is_staff=True, is_active=True)
    if actor.user is not None and actor.user.pk:
        colleagues = colleagues.exclude(pk=actor.user.pk)
    added = [watcher_add(ticket=ticket, user=u, actor=actor, via="mention") for u in colleagues]
    return [w for w in added if w is not None]


def watching_users(ticket: Ticket) -> list[User]:
    return [w.user for w in ticket.watchers.select_related("user")]
