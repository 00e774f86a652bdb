"""Facts subscriptions announce for whoever tells the tenant (notifications.process_mail.subscriptions);
receivers run inside the transaction that recorded the fact, so queue side effects with
`transaction.on_commit`.

    subscription_changed(sender=Subscription, subscription=Subscription, change=SubscriptionChange)
"""

from django.dispatch import Signal

subscription_changed = Signal()
