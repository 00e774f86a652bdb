"""Zusatzleistungen: optional services a tenant books for a monthly price (a parking space, a cellar room,
garden care, the smoke-detector service), built on the process engine (processes.engine).

- subscriptions.models    Service (the catalog, edited in the admin), Subscription (Zusatzvereinbarung),
                          SubscriptionChange (its history, as the ERP reads it)
- subscriptions.booking   the one door: book, give notice, confirm or refuse, end
- subscriptions.offer     what is offered in a building, which parking spaces and cellar rooms are free
- subscriptions.dates     the start of a booking and the earliest lawful end of a notice
- subscriptions.signals   subscription_changed, announced for whoever tells the tenant (notifications)
- subscriptions.standard  the process templates zusatzleistung and zusatzleistung_kuendigung, step codes
"""
