"""A report sent again under the key it was first sent with makes no second ticket (ReportKey)."""

import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from estate.models import Party

from .errors import TicketError
from .models import Ticket
from .report_keys import ReportKey
from .services import ticket_create


class ReportKeyReused(TicketError):
    """The key came before with other content: a tampered or confused copy, never silently merged."""

    default_message = _(
        "Diese Meldung wurde schon einmal gesendet, damals mit anderem Inhalt. Bitte laden Sie die "
        "Seite neu und senden Sie Ihre Meldung noch einmal."
    )


def ticket_create_once(*, key: uuid.UUID, fingerprint: str, reporter: Party, **fields) -> Ticket:
    """`ticket_create` at most once per reporter and key: the same key with the same content again
    answers the ticket made the first time; with other content it raises ReportKeyReused."""
    try:
        with transaction.atomic():
            if (known := _known_ticket(reporter=reporter, key=key, fingerprint=fingerprint)) is not None:
                return known
            ticket = ticket_create(reporter=reporter, **fields)
            ReportKey.objects.create(reporter=reporter, key=key, fingerprint=fingerprint, ticket=ticket)
            return ticket
    except IntegrityError:
        # Two copies were sent at the same moment; the other one won at the unique index, and all of
        # this one (ticket, number, photos, mail) went with the rolled-back savepoint.
        known = _known_ticket(reporter=reporter, key=key, fingerprint=fingerprint)
        if known is None:
            raise
        return known


def _known_ticket(*, reporter: Party, key: uuid.UUID, fingerprint: str) -> Ticket | None:
    sent = ReportKey.objects.filter(reporter=reporter, key=key).select_related("ticket").first()
    if sent is None:
        return None
    if sent.fingerprint != fingerprint:
        raise ReportKeyReused
    return sent.ticket
