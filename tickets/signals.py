"""The facts the ticket domain announces. Receivers (notifications; later processes and the API's
webhooks) run synchronously inside the transaction that recorded the fact, so what they write (an outbox
row, say) commits or rolls back with it. The ticket domain never imports its listeners."""

from django.dispatch import Signal

# A timeline row was recorded: sent with `event` (a TicketEvent whose `ticket` is the object just saved).
event_recorded = Signal()

# A case worker approved or rejected a change request, which need not belong to a ticket: sent with
# `change_request`.
change_request_decided = Signal()
