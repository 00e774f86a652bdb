"""Wohnungstausch: two households apply together to swap their homes. The application (HomeSwap) belongs
to its process (template `wohnungstausch`, processes.engine); each automatic pre-check is one row
(SwapCheck) with its result, its reason and, where staff overrode a failed check, who did and why."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from estate.models import Party, Unit
from processes.models import Process


class HomeSwapQuerySet(models.QuerySet):
    def of_party(self, party: Party) -> "HomeSwapQuerySet":
        return self.filter(Q(applicant=party) | Q(partner=party))


class HomeSwap(models.Model):
    """Wohnungstauschantrag: the applicant (a tenant of the company) and the partner (another tenant of the
    company, or someone from outside invited by e-mail), their homes and households, the wished date."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="home_swap", verbose_name=_("Vorgang")
    )
    applicant = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="swaps_applied", verbose_name=_("Antragsteller/in")
    )
    applicant_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Wohnung Antragsteller/in")
    )
    applicant_household = models.PositiveSmallIntegerField(_("Haushaltsgröße Antragsteller/in"))
    partner = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="swaps_joined", verbose_name=_("Tauschpartner/in")
    )
    # Empty for a partner from outside: their home is not ours.
    partner_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Wohnung Tauschpartner/in"),
    )
    partner_household = models.PositiveSmallIntegerField(_("Haushaltsgröße Tauschpartner/in"), null=True)
    partner_is_outside = models.BooleanField(_("Tauschpartner/in ist nicht bei uns Mieter/in"), default=False)
    # What a partner from outside registers through their invitation link.
    outside_address = models.CharField(_("Bisherige Anschrift"), max_length=300, blank=True)
    outside_landlord = models.CharField(_("Bisherige/r Vermieter/in"), max_length=200, blank=True)
    outside_rooms = models.DecimalField(_("Zimmer"), max_digits=3, decimal_places=1, null=True, blank=True)
    outside_area = models.DecimalField(
        _("Wohnfläche (m²)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    partner_income = models.DecimalField(
        _("Haushaltsnettoeinkommen im Monat (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    wished_date = models.DateField(_("Gewünschter Tauschtermin"))
    confirmed_at = models.DateTimeField(_("vom Tauschpartner bestätigt am"), null=True, blank=True)
    created_at = models.DateTimeField(_("beantragt am"), auto_now_add=True)

    objects = HomeSwapQuerySet.as_manager()

    class Meta:
        verbose_name = _("Wohnungstausch")
        verbose_name_plural = _("Wohnungstausche")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["applicant"], name="swap_applicant_idx"),
            models.Index(fields=["partner"], name="swap_partner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} ↔ {self.partner}"

    @property
    def reference(self) -> str:
        return self.process.ticket.reference

    def parties(self) -> list[Party]:
        return [self.applicant, self.partner]

    def household_of(self, party: Party) -> int | None:
        return self.applicant_household if party.pk == self.applicant_id else self.partner_household

    def home_of(self, party: Party) -> Unit | None:
        """The home `party` lives in now (None for the outside partner's home, not ours)."""
        return self.applicant_unit if party.pk == self.applicant_id else self.partner_unit

    def other_home_of(self, party: Party) -> Unit | None:
        """The home `party` moves into."""
        return self.partner_unit if party.pk == self.applicant_id else self.applicant_unit


class SwapCheck(models.Model):
    """Vorprüfung: one automatic check for one applicant (no arrears, no open nuisance case, tenancy long
    enough, household fits the other home), with its reason; staff may override a failed one with a reason."""

    class Code(models.TextChoices):
        ARREARS = "arrears", _("Keine Mietrückstände")
        NUISANCE = "nuisance", _("Kein offenes Verfahren wegen Nachbarschaftsstörung")
        TENURE = "tenure", _("Mietdauer")
        HOUSEHOLD = "household", _("Haushalt passt zur anderen Wohnung")

    swap = models.ForeignKey(HomeSwap, on_delete=models.CASCADE, related_name="checks")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("Person"))
    code = models.CharField(_("Prüfung"), max_length=20, choices=Code.choices)
    passed = models.BooleanField(_("erfüllt"))
    reason = models.CharField(_("Begründung"), max_length=300)
    checked_at = models.DateTimeField(_("geprüft am"))
    override_reason = models.TextField(_("Begründung der Freigabe"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("freigegeben von"),
    )
    overridden_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Vorprüfung")
        verbose_name_plural = _("Vorprüfungen")
        ordering = ["swap", "id"]
        constraints = [
            models.UniqueConstraint(fields=["swap", "party", "code"], name="unique_swap_check"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {'ok' if self.ok else '–'}"

    @property
    def ok(self) -> bool:
        return self.passed or self.overridden_at is not None
