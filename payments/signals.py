"""Facts payments announce for whoever tells the tenant (notifications.process_mail.money); receivers run
inside the transaction that recorded the fact, so queue side effects with `transaction.on_commit`.

    payment_reminder_due(sender=PaymentRequest, payment=PaymentRequest, number=int)   1 = first reminder
    payment_method_decided(sender=PaymentMethodChange, change=PaymentMethodChange)
"""

from django.dispatch import Signal

payment_reminder_due = Signal()
payment_method_decided = Signal()
