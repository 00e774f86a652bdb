"""Facts letting announces for whoever tells the tenant (notifications.process_mail.letting); receivers run
inside the transaction that recorded the fact, so queue side effects with `transaction.on_commit`.

    letting_offered(sender=Letting, letting=Letting)        the agreement waits for the tenant's signature
    letting_concluded(sender=Letting, letting=Letting, message=tickets.Message)
        countersigned and sealed; `message` carries the sealed PDF as its attachment
    letting_withdrawn(sender=Letting, letting=Letting, reason=str)
        staff withdrew the offer before it was concluded (signed by the tenant or not); `reason` as given
"""

from django.dispatch import Signal

letting_offered = Signal()
letting_concluded = Signal()
letting_withdrawn = Signal()
