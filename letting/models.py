"""Vermietung: a letting (a new tenant's tenancy agreement from offer to sealed contract), carried by a
process (template "vermietung") and so by its ticket, and the agreement's standard clauses that admins edit.
Changes go through letting.services; the process steps through processes.engine."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.models import Document, Party, Tenancy, Unit
from processes.models import Process, Signature


def letting_path(instance, filename: str) -> str:
    return f"letting/{instance.party_id}/{filename}"


class ContractClauseQuerySet(models.QuerySet):
    def active(self) -> "ContractClauseQuerySet":
        return self.filter(is_active=True).order_by("position", "pk")


class ContractClause(models.Model):
    """One standard clause of the Mietvertrag (Mietzeit, Miete, Kaution, Schönheitsreparaturen, ...):
    admins change the wording; a contract keeps the words it was made with (in its PDF)."""

    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    title = models.CharField(_("Überschrift"), max_length=200)
    body = models.TextField(
        _("Text"),
        help_text=_(
            "Absätze durch eine Leerzeile trennen. Platzhalter: {beginn}, {miete}, {vorauszahlung}, "
            "{gesamtmiete}, {kaution}, {einheit}."
        ),
    )
    is_active = models.BooleanField(_("im Vertrag"), default=True)

    objects = ContractClauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vertragsklausel")
        verbose_name_plural = _("Vertragsklauseln (Mietvertrag)")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class LettingQuerySet(models.QuerySet):
    def of_party(self, party: Party) -> "LettingQuerySet":
        return (
            self.filter(party=party)
            .select_related("process__ticket", "unit__building__property")
            .order_by("-created_at", "-pk")
        )

    def open_for(self, party: Party, *, today=None) -> "LettingQuerySet":
        """What the tenant's portal home says about their lettings, in one query: the contracts waiting
        for their signature or for the countersignature, and the concluded ones whose tenancy has not
        begun yet (before the start day the tenancy is not "current", so the home lists no flat)."""
        day = today or timezone.localdate()
        waiting = models.Q(state__in=[self.model.State.OFFERED, self.model.State.TENANT_SIGNED])
        upcoming = models.Q(state=self.model.State.CONCLUDED, start__gt=day)
        return (
            self.filter(waiting | upcoming, party=party)
            .exclude(contract_pdf="")  # an offer the retention run let go is no longer there to sign
            .select_related("process__ticket", "unit__building")
            .order_by("start", "pk")
        )

    def never_concluded(self, *, before: dt.datetime) -> "LettingQuerySet":
        """Offers that never became a contract and ended before `before`: withdrawn ones (by the end of
        their process), and open ones whose start day passed before it unsigned or not countersigned
        (lapsed: nobody moves in on an agreement nobody concluded by then)."""
        withdrawn = models.Q(state=self.model.State.CANCELLED) & models.Q(
            models.Q(process__ended_at__lt=before)
            | models.Q(process__ended_at__isnull=True, created_at__lt=before)
        )
        open_states = [self.model.State.OFFERED, self.model.State.TENANT_SIGNED]
        lapsed = models.Q(state__in=open_states, start__lt=timezone.localdate(before))
        return self.filter(withdrawn | lapsed)

    def for_list(self) -> "LettingQuerySet":
        return self.select_related("process__ticket", "party", "unit__building__property").order_by(
            "-created_at", "-pk"
        )


class Letting(models.Model):
    """Vermietung: the offer of a tenancy agreement to a new tenant, signed by them in the portal,
    countersigned by staff, sealed with the company's certificate; at the end the Tenancy exists."""

    class State(models.TextChoices):
        OFFERED = "offered", _("wartet auf Unterschrift der Mieterin / des Mieters")
        TENANT_SIGNED = "tenant_signed", _("wartet auf Gegenzeichnung")
        CONCLUDED = "concluded", _("abgeschlossen")
        CANCELLED = "cancelled", _("zurückgezogen")

    class Source(models.TextChoices):
        STAFF = "staff", _("Sachbearbeitung")
        API = "api", _("Vergabesystem (Schnittstelle)")
        SWAP = "swap", _("Wohnungstausch")

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="letting")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="lettings", verbose_name=_("Mieter/in")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="lettings", verbose_name=_("Mieteinheit")
    )
    contract_number = models.CharField(_("Vertragsnummer"), max_length=40, unique=True)
    start = models.DateField(_("Mietbeginn"))
    rent_net = models.DecimalField(_("Nettokaltmiete (EUR)"), max_digits=9, decimal_places=2)
    operating_costs = models.DecimalField(
        _("Betriebskostenvorauszahlung (EUR)"), max_digits=9, decimal_places=2
    )
    deposit = models.DecimalField(_("Kaution (EUR)"), max_digits=9, decimal_places=2)
    source = models.CharField(_("Herkunft"), max_length=10, choices=Source.choices, default=Source.STAFF)
    external_id = models.CharField(_("Kennung im Vergabesystem"), max_length=100, blank=True)
    state = models.CharField(_("Stand"), max_length=20, choices=State.choices, default=State.OFFERED)
    # The exact agreement both sides sign (its SHA-256 is in both signatures).
    contract_pdf = models.FileField(_("Vertrag (zur Unterschrift)"), upload_to=letting_path, max_length=300)
    contract_hash = models.CharField(_("SHA-256 des Vertrags"), max_length=64)
    tenant_signature = models.ForeignKey(
        Signature, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    staff_signature = models.ForeignKey(
        Signature, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The final agreement with both signature blocks and the audit page, sealed (PAdES).
    sealed_pdf = models.FileField(
        _("Vertrag (versiegelt)"), upload_to=letting_path, max_length=300, blank=True
    )
    sealed_hash = models.CharField(_("SHA-256 des versiegelten Vertrags"), max_length=64, blank=True)
    sealed_at = models.DateTimeField(_("versiegelt am"), null=True, blank=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    tenancy = models.OneToOneField(
        Tenancy, on_delete=models.SET_NULL, null=True, blank=True, related_name="letting"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LettingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vermietung")
        verbose_name_plural = _("Vermietungen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"], name="letting_state_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(rent_net__gt=0), name="letting_rent_positive"),
            models.CheckConstraint(
                condition=models.Q(operating_costs__gte=0), name="letting_costs_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(deposit__gte=0) & models.Q(deposit__lte=models.F("rent_net") * 3),
                name="letting_deposit_at_most_three_rents",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_number}: {self.party} – {self.unit}"

    @property
    def reference(self) -> str:
        return self.process.ticket.reference

    @property
    def total_rent(self):
        return self.rent_net + self.operating_costs
