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


class PaymentPlanQuerySet(models.QuerySet):
    def of_party(self, party: Party) -> "PaymentPlanQuerySet":
        """The person's payment arrangements, newest first, each with the ticket that names it: one query."""
        return self.filter(party=party).select_related("process__ticket").order_by("-created_at", "-pk")

    def open(self) -> "PaymentPlanQuerySet":
        """Proposed, counter-proposed or running: a person has at most one of these."""
        return self.filter(state__in=PaymentPlan.OPEN_STATES)

    def with_schedule(self) -> "PaymentPlanQuerySet":
        """Each plan with `next_due` (its next open instalment) and `late` (how many are late), in the same
        query."""
        open_ = models.Q(instalments__state__in=(Instalment.State.PLANNED, Instalment.State.LATE))
        return self.annotate(
            next_due=models.Min("instalments__due_date", filter=open_),
            late=models.Count("instalments", filter=models.Q(instalments__state=Instalment.State.LATE)),
        )


class PaymentPlan(models.Model):
    """Ratenzahlung (VERA: betalingsregeling): an arrear paid off in instalments. The tenant (or staff after
    a call) proposes amount, number of instalments, first due date and interval; staff approve, refuse or
    counter-propose; once agreed, the plan is a schedule of instalments (Instalment). Changes go through
    payments.plans, the steps through processes.engine (template `ratenzahlung`)."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("beantragt")
        COUNTERED = "countered", _("Gegenvorschlag")
        ACTIVE = "active", _("läuft")
        ENDED = "ended", _("beendet")
        REFUSED = "refused", _("abgelehnt")
        DECLINED = "declined", _("Gegenvorschlag abgelehnt")

    class EndReason(models.TextChoices):
        PAID_OFF = "paid_off", _("vollständig bezahlt")
        UNCOLLECTIBLE = "uncollectible", _("uneinbringlich")
        BROKEN = "broken", _("nicht eingehalten")

    class Interval(models.TextChoices):
        MONTHLY = "monthly", _("monatlich")
        BIWEEKLY = "biweekly", _("alle zwei Wochen")

    OPEN_STATES = (State.PROPOSED, State.COUNTERED, State.ACTIVE)
    # VERA referentiedata: BETALINGSREGELINGSTATUS and BETALINGSREGELINGEINDEREDEN.
    VERA_STATUS = {
        State.PROPOSED: "AAN",
        State.COUNTERED: "AAN",
        State.ACTIVE: "ACT",
        State.REFUSED: "VER",
        State.DECLINED: "VER",
    }
    VERA_END_REASON = {EndReason.PAID_OFF: "AFB", EndReason.UNCOLLECTIBLE: "ONI", EndReason.BROKEN: "VOL"}

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="payment_plan")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="payment_plans", verbose_name=_("Mieter/in")
    )
    arrear = models.ForeignKey(
        Arrear,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payment_plans",
        verbose_name=_("Mietrückstand"),
    )
    amount = models.DecimalField(_("Gesamtbetrag (EUR)"), max_digits=11, decimal_places=2)
    instalment_count = models.PositiveSmallIntegerField(_("Anzahl der Raten"))
    first_due = models.DateField(_("erste Rate fällig am"))
    interval = models.CharField(_("Zahlungsrhythmus"), max_length=10, choices=Interval.choices)
    proposed_by_staff = models.BooleanField(_("von der Sachbearbeitung erfasst"), default=False)
    # The tenant's own terms while staff's counter-proposal is on the table (and after, for the record).
    tenant_terms = models.JSONField(_("Vorschlag der Mieterin / des Mieters"), default=dict, blank=True)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PROPOSED)
    end_reason = models.CharField(
        _("Grund der Beendigung"), max_length=15, choices=EndReason.choices, blank=True
    )
    reason = models.TextField(_("Begründung"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PaymentPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ratenzahlung")
        verbose_name_plural = _("Ratenzahlungen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["party", "state"], name="payment_plan_party_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_plan_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(instalment_count__gte=1), name="payment_plan_count_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.amount} EUR in {self.instalment_count} Raten"

    @property
    def reference(self) -> str:
        return self.process.ticket.reference

    @property
    def vera_status(self) -> str:
        if self.state == self.State.ENDED:
            return "BEE" if self.end_reason == self.EndReason.PAID_OFF else "ANN"
        return self.VERA_STATUS.get(self.state, "")

    @property
    def vera_end_reason(self) -> str:
        return self.VERA_END_REASON.get(self.end_reason, "")


class InstalmentQuerySet(models.QuerySet):
    def open(self) -> "InstalmentQuerySet":
        return self.filter(state__in=(Instalment.State.PLANNED, Instalment.State.LATE))


class Instalment(models.Model):
    """Rate: one amount of a payment arrangement, due on a day; paid (the ERP or staff), late (the beat
    task, after the grace days), or waived (staff)."""

    class State(models.TextChoices):
        PLANNED = "planned", _("offen")
        PAID = "paid", _("bezahlt")
        LATE = "late", _("überfällig")
        WAIVED = "waived", _("erlassen")

    plan = models.ForeignKey(PaymentPlan, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("Rate Nr."))
    due_date = models.DateField(_("fällig am"))
    amount = models.DecimalField(_("Betrag (EUR)"), max_digits=11, decimal_places=2)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PLANNED)
    paid_on = models.DateField(_("bezahlt am"), null=True, blank=True)
    paid_amount = models.DecimalField(_("gezahlter Betrag"), max_digits=11, decimal_places=2, null=True)
    settled_by = models.CharField(_("erledigt durch"), max_length=200, blank=True)
    waived_reason = models.TextField(_("Grund des Erlasses"), blank=True)
    late_since = models.DateField(_("überfällig seit"), null=True, blank=True)
    tenant_reminded_at = models.DateTimeField(_("Mieter/in erinnert"), null=True, blank=True)
    staff_told_at = models.DateTimeField(_("Sachbearbeitung informiert"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstalmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rate")
        verbose_name_plural = _("Raten")
        ordering = ["plan", "number"]
        indexes = [
            models.Index(fields=["state", "due_date"], name="instalment_due_idx"),
            models.Index(fields=["updated_at", "id"], name="instalment_updated_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="instalment_number_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="instalment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.number}: {self.amount} EUR ({self.due_date:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.PLANNED, self.State.LATE)
