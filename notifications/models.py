"""Every message that leaves or enters the house: the outbox, templates, inbound mail and letters."""
