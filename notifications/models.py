"""Every message that leaves or enters the house: the outbox, contractor work orders, delivery events."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from estate.models import Contractor, Party


class OutboxMessage(models.Model):
    """One e-mail or letter, written in the same transaction as the change that caused it."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-Mail")
        LETTER = "letter", _("Brief")

    class State(models.TextChoices):
        PENDING = "pending", _("wartet")
        SENDING = "sending", _("wird versandt")
        SENT = "sent", _("versandt")
        FAILED = "failed", _("fehlgeschlagen")
        # Staff who asked for a daily digest: kept for the digest instead of being sent one by one.
        HELD = "held", _("für Zusammenfassung")
        DIGESTED = "digested", _("in Zusammenfassung versandt")

    channel = models.CharField(_("Kanal"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(_("Art"), max_length=40)
    recipient_address = models.CharField(_("Empfänger"), max_length=254, blank=True)
    recipient_party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Person")
    )
    language = models.CharField(_("Sprache"), max_length=5, default="de")
    subject = models.CharField(_("Betreff"), max_length=300)
    body_text = models.TextField(_("Text"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("Kopfzeilen"), default=dict, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("Meldung"),
    )
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Ausgehende Nachricht")
        verbose_name_plural = _("Postausgang")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep: due pending rows and stuck sending rows, nothing else.
            models.Index(
                fields=["state", "next_attempt_at"],
                name="outbox_sweep_idx",
                condition=Q(state__in=["pending", "sending"]),
            ),
            models.Index(
                fields=["state", "recipient_address"], name="outbox_held_idx", condition=Q(state="held")
            ),
            models.Index(fields=["ticket", "created_at"], name="outbox_ticket_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_address}: {self.subject}"

    @property
    def message_id(self) -> str:
        return self.headers.get("Message-ID", "")


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class WorkOrder(models.Model):
    """Auftrag: one release of a ticket to a contractor. Its nonce binds the signed link to this release,
    so the link dies when the job is taken away or given to someone else."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="work_orders")
    contractor = models.ForeignKey(Contractor, on_delete=models.CASCADE, related_name="work_orders")
    nonce = models.CharField(max_length=40, default=new_nonce, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    appointment_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Auftrag")
        verbose_name_plural = _("Aufträge")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["ticket", "revoked_at"], name="workorder_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.contractor}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.declined_at is None


class DeliveryEvent(models.Model):
    """A delivery event from the mail provider, stored once per event id so a replayed webhook is a no-op."""

    event_id = models.CharField(max_length=200, unique=True)
    event_type = models.CharField(max_length=30)
    recipient = models.CharField(max_length=254, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Zustellereignis")
        verbose_name_plural = _("Zustellereignisse")

    def __str__(self) -> str:
        return f"{self.event_type} {self.recipient}"


class InboundMail(models.Model):
    """Posteingang: an incoming e-mail that could not be matched to a ticket waits here for staff."""

    message_id = models.CharField(max_length=255, unique=True)
    from_address = models.CharField(_("Absender"), max_length=254)
    subject = models.CharField(_("Betreff"), max_length=300, blank=True)
    body_text = models.TextField(_("Text"), blank=True)
    party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="inbound_mails"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("eingegangen"), auto_now_add=True)

    class Meta:
        verbose_name = _("Eingegangene E-Mail")
        verbose_name_plural = _("Posteingang")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject}"
