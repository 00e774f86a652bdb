"""Zahlungen: a payment request (Zahlungsaufforderung) and a change of payment method with its SEPA
mandate, each carried by a process (processes.Process) and so by its ticket. Changes go through
payments.requests and payments.methods; the process steps through processes.engine."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.models import Party, Tenancy, mask_iban
from processes.models import Process, Signature
from tickets.models import Ticket


class PaymentRequestQuerySet(models.QuerySet):
    def open(self) -> "PaymentRequestQuerySet":
        return self.filter(state=PaymentRequest.State.OPEN)

    def of_party(self, party: Party) -> "PaymentRequestQuerySet":
        """The person's requests, latest due first, each with the ticket that names it: one query."""
        return (
            self.filter(party=party)
            .select_related("process__ticket")
            .order_by("-due_date", "-created_at", "-pk")
        )


class PaymentRequest(models.Model):
    """Zahlungsaufforderung: a one-off amount (a lost key, a repair the tenant caused) the tenant pays
    by transfer, with the EPC QR code their banking app scans."""

    class State(models.TextChoices):
        OPEN = "open", _("offen")
        PAID = "paid", _("bezahlt")
        CANCELLED = "cancelled", _("storniert")

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="payment_request")
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="payment_requests",
        verbose_name=_("Zahlungspflichtige/r"),
    )
    amount = models.DecimalField(_("Betrag (EUR)"), max_digits=11, decimal_places=2)
    purpose = models.CharField(_("Verwendungszweck"), max_length=120)
    due_date = models.DateField(_("fällig am"))
    # The ticket the amount comes from (the repair the tenant caused), if any.
    source_ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payment_requests_caused",
        verbose_name=_("aus Meldung"),
    )
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.OPEN)
    paid_at = models.DateTimeField(_("bezahlt am"), null=True, blank=True)
    paid_amount = models.DecimalField(_("gezahlter Betrag"), max_digits=11, decimal_places=2, null=True)
    settled_by = models.CharField(_("erledigt durch"), max_length=200, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("Erinnerungen"), default=0)
    last_reminded_at = models.DateTimeField(_("zuletzt erinnert"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PaymentRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zahlungsaufforderung")
        verbose_name_plural = _("Zahlungsaufforderungen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "due_date"], name="payment_request_due_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.amount} EUR"

    @property
    def reference(self) -> str:
        """What the tenant writes on the transfer: the ticket's number, which staff and the ERP find."""
        return self.process.ticket.reference

    @property
    def remittance(self) -> str:
        return f"{self.reference} {self.purpose}"


class PaymentMethod(models.TextChoices):
    DIRECT_DEBIT = "debit", _("Lastschrift")
    TRANSFER = "transfer", _("Überweisung")


def mandate_path(instance: "SepaMandate", filename: str) -> str:
    return f"mandates/{instance.party_id}/{instance.reference}.pdf"


class SepaMandate(models.Model):
    """SEPA-Lastschriftmandat (SEPA Core): the tenant allows the company to collect from their account.
    Signed in the portal (processes.signatures), active once staff approved it."""

    class State(models.TextChoices):
        SIGNED = "signed", _("unterschrieben, wartet auf Freigabe")
        ACTIVE = "active", _("gültig")
        REJECTED = "rejected", _("abgelehnt")
        ENDED = "ended", _("beendet")

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="sepa_mandates", verbose_name=_("Kontoinhaber/in")
    )
    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="sepa_mandates")
    reference = models.CharField(_("Mandatsreferenz"), max_length=35, unique=True)
    creditor_id = models.CharField(_("Gläubiger-Identifikationsnummer"), max_length=35)
    creditor_name = models.CharField(_("Zahlungsempfänger"), max_length=70)
    holder = models.CharField(_("Kontoinhaber/in"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    signed_at = models.DateTimeField(_("unterschrieben am"), null=True, blank=True)
    signature = models.OneToOneField(
        Signature, on_delete=models.PROTECT, null=True, blank=True, related_name="sepa_mandate"
    )
    document = models.FileField(_("Mandat (PDF)"), upload_to=mandate_path, blank=True)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.SIGNED)
    valid_from = models.DateTimeField(_("gültig ab"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SEPA-Lastschriftmandat")
        verbose_name_plural = _("SEPA-Lastschriftmandate")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def masked_iban(self) -> str:
        return mask_iban(self.iban)


class PaymentMethodChangeQuerySet(models.QuerySet):
    def of_party(self, party: Party) -> "PaymentMethodChangeQuerySet":
        return self.filter(party=party)

    def in_force(self) -> "PaymentMethodChangeQuerySet":
        """Approved changes, the one in force first, each with its SEPA mandate: `.first()` is one query."""
        return (
            self.filter(state=PaymentMethodChange.State.APPROVED)
            .select_related("mandate")
            .order_by("-decided_at", "-pk")
        )


class PaymentMethodChange(models.Model):
    """Änderung der Zahlungsweise: the tenant asks to pay by direct debit (with a mandate) or by
    transfer; staff approve it like a bank change, then the ERP books it."""

    class State(models.TextChoices):
        PENDING = "pending", _("wartet auf Freigabe")
        APPROVED = "approved", _("freigegeben")
        REJECTED = "rejected", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="payment_method_change")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="payment_method_changes", verbose_name=_("Person")
    )
    method = models.CharField(_("Zahlungsweise"), max_length=10, choices=PaymentMethod.choices)
    mandate = models.OneToOneField(
        SepaMandate, on_delete=models.PROTECT, null=True, blank=True, related_name="change"
    )
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    booked_at = models.DateTimeField(_("im ERP gebucht am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PaymentMethodChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Änderung der Zahlungsweise")
        verbose_name_plural = _("Änderungen der Zahlungsweise")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "decided_at"], name="payment_method_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} – {self.party}"


class ArrearQuerySet(models.QuerySet):
    def open(self, *, on=None) -> "ArrearQuerySet":
        """Amounts outstanding (> 0) as the ERP last reported them, as of the day `on` or before (today by
        default): a report dated later than `on` is not known on that day."""
        return self.filter(amount__gt=0, as_of__lte=on or timezone.localdate())

    def of_parties(self, party_ids) -> "ArrearQuerySet":
        """The arrears of many people at once (a list asks in one query): ids, a queryset of parties or of
        their ids."""
        return self.filter(party_id__in=party_ids)


class Arrear(models.Model):
    """Mietrückstand: what a tenant owes on their rent account, as the ERP reports it (VERA: the open
    balance a betalingsregeling is made for). One row per person and tenancy (tenancy empty: the person's
    account as a whole), replaced by every report; read through payments.arrears."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="arrears", verbose_name=_("Mieter/in")
    )
    tenancy = models.ForeignKey(
        Tenancy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="arrears",
        verbose_name=_("Mietverhältnis"),
    )
    amount = models.DecimalField(_("Rückstand (EUR)"), max_digits=11, decimal_places=2)
    as_of = models.DateField(_("Stand vom"))
    external_id = models.CharField(_("ID im ERP"), max_length=64, unique=True, null=True, blank=True)
    reported_by = models.CharField(_("gemeldet von"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("zuletzt gemeldet"), auto_now=True)

    objects = ArrearQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mietrückstand")
        verbose_name_plural = _("Mietrückstände")
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="arrear_amount_not_negative"),
            models.UniqueConstraint(
                fields=["party", "tenancy"],
                nulls_distinct=False,
                name="arrear_one_per_party_tenancy",
            ),
        ]
        indexes = [models.Index(fields=["party", "as_of"], name="arrear_party_idx")]

    def __str__(self) -> str:
        return f"{self.party}: {self.amount} EUR ({self.as_of:%d.%m.%Y})"
