"""Zusatzleistungen: the catalog of optional services a tenant may book (Service), each booking as a
Zusatzvereinbarung (Subscription) carried by a process and so by its ticket, and the history of each
agreement the ERP reads (SubscriptionChange). Changes go through subscriptions.booking only."""

import builtins
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from estate.models import Party, Property, Unit
from processes.models import Process


class ServiceQuerySet(models.QuerySet):
    def active(self) -> "ServiceQuerySet":
        return self.filter(is_active=True)

    def offered_at(self, property_id: int) -> "ServiceQuerySet":
        """Active services offered at this property: everywhere, or here by name; one that hands over a
        parking space or a cellar room only where the property has units of that kind at all."""
        kinds_here = Unit.objects.filter(building__property=property_id).values("kind")
        return (
            self.active()
            .filter(Q(all_properties=True) | Q(properties=property_id))
            .filter(Q(unit_kind="") | Q(unit_kind__in=kinds_here))
            .distinct()
        )


class Service(models.Model):
    """Zusatzleistung: an optional service with a monthly price (Rauchwarnmelder-Service, Gartenpflege,
    Stellplatz, Kellerraum, ...), edited in the admin in German, English and Dutch. A service that hands
    over a room or a space (`unit_kind`) takes one concrete unit of that kind per booking."""

    class Kind(models.TextChoices):
        SMOKE_DETECTOR = "smoke_detector", _("Rauchwarnmelder-Service")
        GARDEN = "garden", _("Gartenpflege")
        PARKING = "parking", _("Stellplatz")
        STORAGE = "storage", _("Kellerraum")
        WASHING_MACHINE = "washing_machine", _("Waschmaschinenanschluss")
        CLEANING = "cleaning", _("Treppenhausreinigung")
        OTHER = "other", _("Sonstige Leistung")

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name_de = models.CharField(_("Bezeichnung (Deutsch)"), max_length=120)
    name_en = models.CharField(_("Bezeichnung (Englisch)"), max_length=120, blank=True)
    name_nl = models.CharField(_("Bezeichnung (Niederländisch)"), max_length=120, blank=True)
    description_de = models.TextField(_("Beschreibung (Deutsch)"), blank=True)
    description_en = models.TextField(_("Beschreibung (Englisch)"), blank=True)
    description_nl = models.TextField(_("Beschreibung (Niederländisch)"), blank=True)
    monthly_price = models.DecimalField(_("Preis je Monat (EUR)"), max_digits=9, decimal_places=2)
    vat_rate = models.DecimalField(
        _("Umsatzsteuer (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "Leer lassen, wenn die Leistung umsatzsteuerfrei ist (z. B. ein Stellplatz zur Wohnung)."
        ),
    )
    all_properties = models.BooleanField(_("in allen Wirtschaftseinheiten"), default=True)
    properties = models.ManyToManyField(
        Property, blank=True, related_name="+", verbose_name=_("nur in diesen Wirtschaftseinheiten")
    )
    unit_kind = models.CharField(
        _("vergibt eine Einheit der Art"),
        max_length=20,
        blank=True,
        choices=[(Unit.Kind.PARKING, Unit.Kind.PARKING.label), (Unit.Kind.STORAGE, Unit.Kind.STORAGE.label)],
        help_text=_(
            "Stellplatz oder Abstellraum: jede Buchung erhält eine freie Einheit dieser Art im Haus."
        ),
    )
    monthly = models.BooleanField(
        _("monatlich zum Monatsersten"),
        default=True,
        help_text=_("Beginn immer am Ersten, Ende immer am Letzten eines Monats."),
    )
    minimum_term_months = models.PositiveSmallIntegerField(_("Mindestlaufzeit (Monate)"), default=0)
    notice_months = models.PositiveSmallIntegerField(_("Kündigungsfrist (Monate)"), default=1)
    needs_confirmation = models.BooleanField(_("Bestätigung durch die Sachbearbeitung nötig"), default=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zusatzleistung")
        verbose_name_plural = _("Zusatzleistungen")
        ordering = ["position", "name_de"]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_price__gte=0), name="service_price_not_negative")
        ]

    def __str__(self) -> str:
        return self.label

    def _translated(self, field: str) -> str:
        lang = (get_language() or "de")[:2]
        return getattr(self, f"{field}_{lang}", "") or getattr(self, f"{field}_de")

    @property
    def label(self) -> str:
        return self._translated("name")

    @property
    def description(self) -> str:
        return self._translated("description")


class SubscriptionQuerySet(models.QuerySet):
    def of_party(self, party: Party) -> "SubscriptionQuerySet":
        """The person's agreements, newest first, with service, unit and ticket: one query."""
        return (
            self.filter(party=party)
            .select_related("service", "unit", "process__ticket", "cancel_process__ticket")
            .order_by("-starts_on", "-pk")
        )

    def holding(self) -> "SubscriptionQuerySet":
        """Agreements that hold their unit: asked for or running."""
        return self.filter(state__in=Subscription.HOLDING)

    def running(self, today: dt.date | None = None) -> "SubscriptionQuerySet":
        """Agreed and not over yet: what the tenant pays for month by month."""
        today = today or timezone.localdate()
        return self.filter(state=Subscription.State.ACTIVE).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )


class Subscription(models.Model):
    """Zusatzvereinbarung: a tenant's agreement on one service, from `starts_on` (to `ends_on` once
    given notice), at the price of the day it was booked."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("wartet auf Bestätigung")
        ACTIVE = "active", _("vereinbart")
        REFUSED = "refused", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")
        ENDED = "ended", _("beendet")

    HOLDING = (State.REQUESTED, State.ACTIVE)

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="subscription")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("Mietpartei")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("Zusatzleistung")
    )
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="+", verbose_name=_("Wirtschaftseinheit")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("vergebene Einheit"),
    )
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.REQUESTED)
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    monthly_price = models.DecimalField(_("Preis je Monat (EUR)"), max_digits=9, decimal_places=2)
    vat_rate = models.DecimalField(_("Umsatzsteuer (%)"), max_digits=4, decimal_places=1, null=True)
    minimum_term_months = models.PositiveSmallIntegerField(_("Mindestlaufzeit (Monate)"), default=0)
    notice_months = models.PositiveSmallIntegerField(_("Kündigungsfrist (Monate)"), default=1)
    # The tenant's notice while staff have not confirmed it: the process, when it came, the end asked for.
    cancel_process = models.OneToOneField(
        Process, on_delete=models.SET_NULL, null=True, blank=True, related_name="cancelled_subscription"
    )
    notice_received_on = models.DateField(_("Kündigung eingegangen am"), null=True, blank=True)
    requested_end = models.DateField(_("gewünschtes Ende"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("Begründung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(_("zuletzt geändert"), db_index=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zusatzvereinbarung")
        verbose_name_plural = _("Zusatzvereinbarungen")
        ordering = ["-created_at"]
        constraints = [
            # Two tenants never hold the same parking space or cellar room, however close their clicks.
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(state__in=["requested", "active"]),
                name="subscription_unit_taken_once",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="subscription_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.party}"

    @builtins.property  # the field "property" shadows the builtin here
    def reference(self) -> str:
        return self.process.ticket.reference

    @builtins.property  # the field "property" shadows the builtin here
    def notice_pending(self) -> bool:
        return self.state == self.State.ACTIVE and self.requested_end is not None

    @builtins.property  # the field "property" shadows the builtin here
    def awaits_staff(self) -> bool:
        return self.state == self.State.REQUESTED or self.notice_pending


def monthly_total(subscriptions, *, today: dt.date | None = None) -> Decimal:
    """What the running ones among these agreements (rows already read) cost together each month."""
    today = today or timezone.localdate()
    return sum(
        (
            s.monthly_price
            for s in subscriptions
            if s.state == Subscription.State.ACTIVE and (s.ends_on is None or s.ends_on >= today)
        ),
        Decimal("0.00"),
    )


class SubscriptionChange(models.Model):
    """One fact in an agreement's life, as the ERP books it: booked, confirmed, notice given, ended."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("gebucht")
        CONFIRMED = "confirmed", _("bestätigt")
        REFUSED = "refused", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")
        NOTICE_GIVEN = "notice_given", _("gekündigt")
        NOTICE_CONFIRMED = "notice_confirmed", _("Kündigung bestätigt")
        NOTICE_REFUSED = "notice_refused", _("Kündigung abgelehnt")
        NOTICE_WITHDRAWN = "notice_withdrawn", _("Kündigung zurückgezogen")
        TENANCY_ENDS = "tenancy_ends", _("endet mit dem Mietverhältnis")
        ENDED = "ended", _("beendet")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("wirksam zum"), null=True, blank=True)
    note = models.TextField(_("Bemerkung"), blank=True)
    by = models.CharField(_("durch"), max_length=200, blank=True)
    at = models.DateTimeField(_("am"))

    class Meta:
        verbose_name = _("Änderung einer Zusatzvereinbarung")
        verbose_name_plural = _("Änderungen von Zusatzvereinbarungen")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.get_kind_display()}"
