"""Facts contracts announce for whoever tells the tenants (notifications.process_mail.contracts); receivers
run inside the transaction that recorded the fact, so queue side effects with `transaction.on_commit`.

    contract_change_decided(sender=ContractChange, change=ContractChange)   approved or rejected; an
        approved move in / move out wants its addendum (contracts.addendum.addendum_keep)
    consent_link_sent(sender=ContractChange, change=ContractChange, party=Party, reminder=bool)   staff
        sent a person a new consent link (reminder=False), or the day's reminder went out (True): they
        want the mail with contracts.consent_links.link_token's link
"""

from django.dispatch import Signal

contract_change_decided = Signal()
consent_link_sent = Signal()
