"""Begehungen of a process: the times an inspector offers (InspectionSlot, Terminangebot), the one the
tenant or the case worker books, and the protocol the inspector writes on the spot (Inspection,
Abnahmeprotokoll). Changes go through processes.inspections only."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tickets.models import Attachment
from tickets.workspace import Appointment


class InspectionSlot(models.Model):
    """Terminangebot: a time an inspector offers for an appointment step of a process; booked once."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="inspection_slots"
    )
    # The appointment step (pre_inspection_appointment, final_inspection_appointment) it is offered for.
    step_code = models.SlugField(_("Schritt"), max_length=40)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="inspection_slots",
        verbose_name=_("Abnahme durch"),
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    booked_at = models.DateTimeField(_("gebucht am"), null=True, blank=True)
    booked_by_label = models.CharField(_("gebucht von"), max_length=200, blank=True)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Terminangebot")
        verbose_name_plural = _("Terminangebote")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="inspection_slot_ends_after"
            ),
            # One booked time per appointment step: a second booking fails here even if two requests
            # passed every check at once.
            models.UniqueConstraint(
                fields=["process", "step_code"],
                condition=Q(booked_at__isnull=False),
                name="one_booked_slot_per_step",
            ),
        ]
        indexes = [models.Index(fields=["inspector", "starts_at"], name="inspection_slot_inspector_idx")]

    def __str__(self) -> str:
        return f"{self.step_code} {self.starts_at:%d.%m.%Y %H:%M}"

    @property
    def is_booked(self) -> bool:
        return self.booked_at is not None


class Inspection(models.Model):
    """Begehung mit Protokoll: rooms with their items, meter readings and keys handed over, kept as the
    inspector saves them (`protocol`, see processes.inspections for its shape); signed by tenant and
    inspector, then stored as a PDF on the process's ticket (`document`)."""

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE, related_name="inspections")
    step = models.OneToOneField(
        "processes.ProcessStep",
        on_delete=models.CASCADE,
        related_name="inspection",
        verbose_name=_("Schritt"),
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("Abnahme durch"),
    )
    protocol = models.JSONField(_("Protokoll"), default=dict, blank=True)
    # Counts every save: the page posts the revision it shows, so a second phone cannot overwrite.
    revision = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(_("begonnen"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)
    finished_at = models.DateTimeField(_("abgeschlossen"), null=True, blank=True)
    document = models.ForeignKey(
        Attachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # SHA-256 of the final PDF's bytes as stored (the signatures cover the protocol's data: protocol.py).
    document_sha256 = models.CharField(_("Prüfsumme des PDF"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("Begehung")
        verbose_name_plural = _("Begehungen")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.step} ({self.process_id})"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None
