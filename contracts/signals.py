"""Facts contracts announce for whoever tells the tenants (notifications.process_mail.contracts); receivers
run inside the transaction that recorded the fact, so queue side effects with `transaction.on_commit`.

    contract_change_decided(sender=ContractChange, change=ContractChange)   approved or rejected; an
        approved move in / move out wants its addendum (contracts.addendum.addendum_keep)
"""

from django.dispatch import Signal

contract_change_decided = Signal()
