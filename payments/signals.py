"""Facts payments announce for whoever tells the tenant (notifications.process_mail.money and .plans);
receivers run inside the transaction that recorded the fact, so queue side effects with
`transaction.on_commit`.

    payment_reminder_due(sender=PaymentRequest, payment=PaymentRequest, number=int)   1 = first reminder
    payment_method_decided(sender=PaymentMethodChange, change=PaymentMethodChange)
    payment_plan_decided(sender=PaymentPlan, plan=PaymentPlan)   agreed (state active), counter-proposed,
                                                                  refused, or the counter-proposal declined
    payment_plan_ended(sender=PaymentPlan, plan=PaymentPlan)     paid off, uncollectible or broken
    instalment_late(sender=Instalment, instalment=Instalment)      the tenant is reminded
    instalment_escalated(sender=Instalment, instalment=Instalment) still late: the case worker is told
"""

from django.dispatch import Signal

payment_reminder_due = Signal()
payment_method_decided = Signal()
payment_plan_decided = Signal()
payment_plan_ended = Signal()
instalment_late = Signal()
instalment_escalated = Signal()
