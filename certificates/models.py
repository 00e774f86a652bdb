"""Bescheinigungen: one certificate for one person, written from our data (certificates.services). A
certificate the data does not carry whole waits for the case worker in a process (template
`bescheinigung`, step `issue`); the PDF is kept with the person's documents (estate.Document)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from estate.models import Document, Party, Tenancy
from processes.models import Process


class CertificateQuerySet(models.QuerySet):
    def of_party(self, party: Party) -> "CertificateQuerySet":
        """The person's certificates, newest first, with the document and the ticket: one query."""
        return (
            self.filter(party=party)
            .select_related("document", "process__ticket")
            .order_by("-requested_at", "-pk")
        )

    def pending(self) -> "CertificateQuerySet":
        return self.filter(state=Certificate.State.PENDING)

    def for_staff_list(self) -> "CertificateQuerySet":
        return self.select_related("party", "tenancy__unit__building", "process__ticket__assignee").order_by(
            "requested_at", "pk"
        )


class Certificate(models.Model):
    """Wohnungsgeberbestätigung, Mietschuldenfreiheitsbescheinigung or Mietbescheinigung for one person:
    the figures it certifies are stored with it, as printed."""

    class Kind(models.TextChoices):
        REGISTRATION = "wohnungsgeber", _("Wohnungsgeberbestätigung")
        NO_ARREARS = "mietschuldenfreiheit", _("Mietschuldenfreiheitsbescheinigung")
        RENT = "mietbescheinigung", _("Mietbescheinigung")

    class State(models.TextChoices):
        PENDING = "pending", _("in Bearbeitung")
        ISSUED = "issued", _("ausgestellt")
        REFUSED = "refused", _("abgelehnt")

    class Event(models.TextChoices):
        MOVE_IN = "einzug", _("Einzug")
        MOVE_OUT = "auszug", _("Auszug")

    class Source(models.TextChoices):
        AUTOMATIC = "auto", _("automatisch")
        PORTAL = "portal", _("Mieterportal")
        STAFF = "staff", _("Sachbearbeitung")

    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    source = models.CharField(_("Anlass"), max_length=10, choices=Source.choices, default=Source.PORTAL)
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("Person")
    )
    tenancy = models.ForeignKey(
        Tenancy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("Mietverhältnis"),
    )
    # A certificate the data does not carry whole waits in a process for the case worker.
    process = models.OneToOneField(
        Process, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificate"
    )
    # Wohnungsgeberbestätigung: the event, its day and the names of everyone obliged to register.
    event = models.CharField(_("Vorgang"), max_length=10, choices=Event.choices, blank=True)
    event_date = models.DateField(_("Datum des Ein- oder Auszugs"), null=True, blank=True)
    persons = models.JSONField(_("Personen"), default=list, blank=True)
    owner = models.TextField(_("Eigentümer (falls nicht wir)"), blank=True)
    # Mietbescheinigung: the rent split as certified, the home's size and the household.
    rent_net = models.DecimalField(
        _("Grundmiete (EUR)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    operating_costs = models.DecimalField(
        _("Betriebskostenvorauszahlung (EUR)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    heating_costs = models.DecimalField(
        _("Heizkostenvorauszahlung (EUR)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    area = models.DecimalField(_("Wohnfläche (m²)"), max_digits=7, decimal_places=2, null=True, blank=True)
    rooms = models.DecimalField(_("Zimmer"), max_digits=3, decimal_places=1, null=True, blank=True)
    household = models.PositiveSmallIntegerField(_("Personen im Haushalt"), null=True, blank=True)
    # Mietschuldenfreiheitsbescheinigung: the day of the ERP's report the certificate rests on.
    statement_as_of = models.DateField(_("Stand der Mietenbuchhaltung"), null=True, blank=True)
    # Why it waits (for staff), or why it was refused (the tenant reads it).
    hold_reason = models.TextField(_("Grund der Prüfung"), blank=True)
    reason = models.TextField(_("Begründung der Ablehnung"), blank=True)
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("PDF")
    )
    requested_at = models.DateTimeField(_("angefordert am"), auto_now_add=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bescheinigung")
        verbose_name_plural = _("Bescheinigungen")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["party", "requested_at"], name="certificate_party_idx"),
            models.Index(fields=["state", "requested_at"], name="certificate_state_idx"),
        ]
        constraints = [
            # One request of a kind waits at a time; a second click finds the first.
            models.UniqueConstraint(
                fields=["party", "kind"], condition=models.Q(state="pending"), name="certificate_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.party}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:certificate", args=[self.pk])

    @property
    def total_rent(self):
        parts = (self.rent_net, self.operating_costs, self.heating_costs)
        return None if any(p is None for p in parts) else sum(parts)

    @property
    def reference(self) -> str:
        return self.process.ticket.reference if self.process_id else f"B-{self.pk}"
