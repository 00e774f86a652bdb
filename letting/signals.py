"""Facts letting announces for whoever tells the tenant (notifications.process_mail.letting); receivers run
inside the transaction that recorded the fact, so queue side effects with `transaction.on_commit`.

    letting_offered(sender=Letting, letting=Letting)        the agreement waits for the tenant's signature
    letting_concluded(sender=Letting, letting=Letting, message=tickets.Message)
        countersigned and sealed; `message` carries the sealed PDF as its attachment
"""

from django.dispatch import Signal

letting_offered = Signal()
letting_concluded = Signal()
