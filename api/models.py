"""The exchange API's clients: an integration (the company's ERP, a contractor's system) with its secret
token, scopes and limits, and the log of every call it made. Webhook subscriptions hang off the
integration too, so one place says who a system is and what it may do."""

import hashlib
import hmac
import ipaddress
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.models import Contractor

TOKEN_START = "mpi"  # noqa: S105 - not a secret: tokens read mpi_<prefix>_<secret>: recognisable in a leaked log, findable by prefix


class Scope(models.TextChoices):
    TICKETS_READ = "tickets:read", _("Meldungen lesen")
    TICKETS_WRITE = "tickets:write", _("Meldungen anlegen und beantworten")
    MASTERDATA_WRITE = "masterdata:write", _("Stammdaten pflegen")
    WORKORDERS = "workorders", _("Aufträge des eigenen Handwerkers bearbeiten")
    CHANGEREQUESTS = "changerequests", _("Freigegebene Änderungsanträge buchen")
    DOCUMENTS = "documents", _("Dokumente bereitstellen")
    PAYMENTS = "payments", _("Zahlungsaufforderungen und Zahlungsweisen abgleichen")
    SUBSCRIPTIONS = "subscriptions", _("Zusatzvereinbarungen lesen")
    LETTINGS = "lettings", _("Vermietungen übergeben und lesen")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def split_token(token: str) -> str | None:
    """The lookup prefix of a token as we issue them; None for anything else."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_START or not parts[1] or not parts[2]:
        return None
    return parts[1]


class Integration(models.Model):
    """Schnittstellen-Zugang: one system that calls the API, with what it may do."""

    class Kind(models.TextChoices):
        ERP = "erp", _("ERP der Wohnungsgesellschaft")
        CONTRACTOR = "contractor", _("System eines Handwerkers / Dienstleisters")

    name = models.CharField(_("Name"), max_length=100, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.ERP)
    contractor = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="integrations",
        verbose_name=_("Handwerker"),
        help_text=_("Bei einem Handwerker-System: es sieht nur die Aufträge dieses Handwerkers."),
    )
    scopes = models.JSONField(_("Rechte"), default=list, blank=True)
    allowed_ips = models.TextField(
        _("erlaubte IP-Adressen"),
        blank=True,
        help_text=_("Eine Adresse oder ein Netz (CIDR) pro Zeile; leer: von überall."),
    )
    rate_limit_per_minute = models.PositiveIntegerField(_("Aufrufe pro Minute"), default=600)
    active = models.BooleanField(_("aktiv"), default=True)
    token_prefix = models.CharField(max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    token_issued_at = models.DateTimeField(_("Token ausgestellt am"), null=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Schnittstellen-Zugang")
        verbose_name_plural = _("Schnittstellen-Zugänge")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        unknown = set(self.scopes or []) - set(Scope.values)
        if unknown:
            raise ValidationError({"scopes": _("Unbekannte Rechte: %s") % ", ".join(sorted(unknown))})
        if self.kind == self.Kind.CONTRACTOR and self.contractor_id is None:
            raise ValidationError({"contractor": _("Ein Handwerker-System gehört zu einem Handwerker.")})
        if Scope.WORKORDERS in (self.scopes or []) and self.contractor_id is None:
            raise ValidationError({"scopes": _("Aufträge gibt es nur für ein Handwerker-System.")})
        for line in self.allowed_ip_lines():
            try:
                ipaddress.ip_network(line, strict=False)
            except ValueError:
                raise ValidationError({"allowed_ips": _("„%s“ ist keine IP-Adresse.") % line}) from None

    def issue_token(self) -> str:
        """A new secret token; the old one stops working at once. Only its hash is kept, so the caller
        shows it once and it is never seen again."""
        prefix = secrets.token_hex(6)
        token = f"{TOKEN_START}_{prefix}_{secrets.token_urlsafe(32)}"
        self.token_prefix = prefix
        self.token_hash = token_hash(token)
        self.token_issued_at = timezone.now()
        return token

    def token_matches(self, token: str) -> bool:
        return hmac.compare_digest(self.token_hash, token_hash(token))

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    def allowed_ip_lines(self) -> list[str]:
        return [line.strip() for line in self.allowed_ips.splitlines() if line.strip()]

    def allows_ip(self, ip: str) -> bool:
        lines = self.allowed_ip_lines()
        if not lines:
            return True
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(line, strict=False) for line in lines)


class IntegrationCall(models.Model):
    """One call to the API: who, what, when, and how it ended. Read-only in the admin."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, null=True, related_name="calls", verbose_name=_("Zugang")
    )
    method = models.CharField(_("Methode"), max_length=10)
    path = models.CharField(_("Pfad"), max_length=500)
    status = models.PositiveSmallIntegerField(_("Status"))
    duration_ms = models.PositiveIntegerField(_("Dauer (ms)"))
    ip = models.GenericIPAddressField(_("IP-Adresse"), null=True)
    replayed = models.BooleanField(_("Wiederholung (Idempotency-Key)"), default=False)
    at = models.DateTimeField(_("am"), default=timezone.now)

    class Meta:
        verbose_name = _("Schnittstellen-Aufruf")
        verbose_name_plural = _("Schnittstellen-Aufrufe")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["integration", "-at"], name="apicall_integration_idx")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class IdempotentRequest(models.Model):
    """A POST sent with an Idempotency-Key: its answer is kept, so a retry gets the same answer and the
    change happens once. A row without a status is a request still running."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["integration", "key"], name="unique_idempotency_key")]

    def __str__(self) -> str:
        return self.key


class EventKind(models.TextChoices):
    """What a webhook subscription may ask for: the public facts of the ticket domain."""

    TICKET_CREATED = "ticket.created", _("Meldung angelegt")
    STATUS_CHANGED = "ticket.status_changed", _("Status geändert")
    MESSAGE = "ticket.message", _("Öffentliche Nachricht")
    WORK_ORDER_STEP = "work_order.step", _("Schritt im Auftrag")
    CHANGE_REQUEST_DECIDED = "change_request.decided", _("Änderungsantrag entschieden")
    PAYMENT_REQUEST_ENDED = "payment_request.ended", _("Zahlungsaufforderung bezahlt oder storniert")
    PAYMENT_METHOD_DECIDED = "payment_method.decided", _("Zahlungsweise entschieden")
    SUBSCRIPTION_CHANGED = "subscription.changed", _("Zusatzvereinbarung gebucht, geändert oder beendet")
    PAYMENT_PLAN_CHANGED = "payment_plan.changed", _("Ratenzahlung entschieden, Rate bezahlt oder beendet")
    # Reserved for the process engine: accepted in a subscription, nothing sends it yet.
    PROCESS_STEP = "process.step", _("Prozessschritt (vorgesehen)")


def new_webhook_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


class WebhookSubscription(models.Model):
    """Webhook: an integration is told of one kind of event at its URL, signed with the secret."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("Zugang")
    )
    kind = models.CharField(_("Ereignis"), max_length=40, choices=EventKind.choices)
    url = models.URLField(_("Ziel-URL"), max_length=500)
    # Kept as it is, not hashed like the token: we sign every delivery with it, so we must be able to read
    # it, and the receiver holds the same value. Whoever reads this column can forge webhooks to the
    # receiver, but gains no access to the API; it is shown in the admin once, when created.
    secret = models.CharField(max_length=80, default=new_webhook_secret, editable=False)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Webhook")
        verbose_name_plural = _("Webhooks")
        constraints = [
            models.UniqueConstraint(fields=["integration", "kind", "url"], name="unique_webhook_subscription")
        ]
        indexes = [models.Index(fields=["kind", "active"], name="webhook_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.url}"

    def clean(self) -> None:
        super().clean()
        from .deliveries import url_problem  # the one rule for where we send, also checked at send time

        problem = url_problem(self.url)
        if problem:
            raise ValidationError({"url": problem})


class WebhookDelivery(models.Model):
    """One event for one subscription: written in the transaction of the change, sent after commit, tried
    again with backoff until the receiver answers 2xx or the time is up. Its id is the Webhook-Id."""

    class State(models.TextChoices):
        PENDING = "pending", _("wartet")
        SENDING = "sending", _("wird gesendet")
        DELIVERED = "delivered", _("zugestellt")
        FAILED = "failed", _("aufgegeben")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("Webhook")
    )
    kind = models.CharField(_("Ereignis"), max_length=40, choices=EventKind.choices)
    # The exact bytes we sign and send, fixed when the change happened.
    body = models.TextField(_("Inhalt"))
    ticket_reference = models.CharField(_("Meldung"), max_length=40, blank=True, db_index=True)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    give_up_at = models.DateTimeField(_("aufgeben ab"))
    delivered_at = models.DateTimeField(_("zugestellt am"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Webhook-Zustellung")
        verbose_name_plural = _("Webhook-Zustellungen")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep: due pending rows and stuck sending rows, nothing else.
            models.Index(
                fields=["state", "next_attempt_at"],
                name="webhook_sweep_idx",
                condition=models.Q(state__in=["pending", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.kind} {self.get_state_display()}"


class WebhookAttempt(models.Model):
    """One try to deliver: what the receiver answered (or why there was no answer) and how long it took."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(_("am"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("HTTP-Status"), null=True, blank=True)
    error = models.TextField(_("Fehler"), blank=True)
    duration_ms = models.PositiveIntegerField(_("Dauer (ms)"), default=0)

    class Meta:
        verbose_name = _("Zustellversuch")
        verbose_name_plural = _("Zustellversuche")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.status_code or '-'} {self.error[:40]}"
