"""Erlaubnisse as records: a permission the company gave (to sublet, to keep an animal), with what it covers,
its period and conditions, until it ends or is revoked. The request and the decision are the process's
(processes.engine); the record is written when a decision grants it (permits.services)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estate.models import Party, Unit
from processes.models import Process


class Kind(models.TextChoices):
    SUBLET = "sublet", _("Untervermietung")
    ANIMAL = "animal", _("Tierhaltung")


class Animal(models.TextChoices):
    DOG = "dog", _("Hund")
    CAT = "cat", _("Katze")
    OTHER = "other", _("anderes Tier")


class Size(models.TextChoices):
    SMALL = "small", _("klein (bis 40 cm Schulterhöhe)")
    MEDIUM = "medium", _("mittel (40 bis 60 cm)")
    LARGE = "large", _("groß (über 60 cm)")


class PermitQuerySet(models.QuerySet):
    def in_force(self, today: dt.date | None = None) -> "PermitQuerySet":
        """Given, not revoked, and its period not over."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )

    def of_party(self, party: Party) -> "PermitQuerySet":
        return self.filter(party=party)


class Permit(models.Model):
    """Die Erlaubnis: to sublet (whom, which rooms, from when to when) or to keep an animal (which)."""

    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    process = models.OneToOneField(
        Process, on_delete=models.PROTECT, related_name="permit", verbose_name=_("Vorgang")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="permits", verbose_name=_("Mietpartei")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="permits", verbose_name=_("Wohnung")
    )
    # Untervermietung
    subtenant_name = models.CharField(_("Name der Untermietpartei"), max_length=150, blank=True)
    rooms = models.CharField(_("Räume"), max_length=200, blank=True)
    with_household = models.BooleanField(_("zieht mit Haushalt ein"), default=False)
    # Tierhaltung
    animal = models.CharField(_("Tierart"), max_length=10, choices=Animal.choices, blank=True)
    description = models.CharField(_("Rasse / Beschreibung"), max_length=200, blank=True)
    count = models.PositiveSmallIntegerField(_("Anzahl"), default=1)
    size = models.CharField(_("Größe"), max_length=10, choices=Size.choices, blank=True)
    # Both
    reason = models.TextField(_("Begründung des Antrags"), blank=True)
    valid_from = models.DateField(_("gilt ab"))
    valid_until = models.DateField(_("befristet bis"), null=True, blank=True)
    conditions = models.TextField(_("Auflagen"), blank=True)
    surcharge = models.DecimalField(
        _("Untermietzuschlag monatlich (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    granted_at = models.DateTimeField(_("erteilt am"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erteilt von"),
    )
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("widerrufen von"),
    )
    revoke_reason = models.TextField(_("Grund des Widerrufs"), blank=True)

    objects = PermitQuerySet.as_manager()

    class Meta:
        verbose_name = _("Erlaubnis")
        verbose_name_plural = _("Erlaubnisse")
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["party", "revoked_at"], name="permit_party_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject}"

    @property
    def subject(self) -> str:
        """What the permission is for, in a few words: the subtenant and rooms, or the animal."""
        if self.kind == Kind.SUBLET:
            return f"{self.subtenant_name} ({self.rooms})" if self.rooms else self.subtenant_name
        animal = self.get_animal_display()
        count = f"{self.count} × " if self.count > 1 else ""
        return f"{count}{animal}: {self.description}" if self.description else f"{count}{animal}"

    def is_in_force(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and (self.valid_until is None or self.valid_until >= today)
