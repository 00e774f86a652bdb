"""What case workers keep around their tickets: text blocks, standard attachments, saved queue views and
appointments (inspections, contractor visits) for the calendar."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from estate.models import Contractor, Team


class TextBlock(models.Model):
    """Textbaustein for replies, with placeholders such as {tenant_name}, {reference}, {property}."""

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    body_de = models.TextField(_("Text (Deutsch)"))
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    body_nl = models.TextField(_("Text (Niederländisch)"), blank=True)
    category = models.ForeignKey(
        "catalogs.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="text_blocks",
        verbose_name=_("nur für Kategorie"),
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        app_label = "tickets"
        verbose_name = _("Textbaustein")
        verbose_name_plural = _("Textbausteine")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def body_for(self, language: str | None = None) -> str:
        lang = (language or get_language() or "de")[:2]
        return getattr(self, f"body_{lang}", "") or self.body_de


def standard_attachment_path(instance: "StandardAttachment", filename: str) -> str:
    return f"standard/{filename}"


class StandardAttachment(models.Model):
    """A file sent often (house rules, forms), kept once and attached to a reply with one click."""

    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei"), upload_to=standard_attachment_path, max_length=300)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "tickets"
        verbose_name = _("Standardanhang")
        verbose_name_plural = _("Standardanhänge")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SavedView(models.Model):
    """A case worker's saved queue: its view, filters and sort as a query string."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(_("Name"), max_length=100)
    query = models.CharField(_("Filter"), max_length=2000)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "tickets"
        verbose_name = _("Gespeicherte Ansicht")
        verbose_name_plural = _("Gespeicherte Ansichten")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="unique_saved_view_name")]

    def __str__(self) -> str:
        return self.name


class Appointment(models.Model):
    """Termin: an inspection (Begehung / Besichtigung) or a contractor's visit, shown in the calendar."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Begehung")
        CONTRACTOR = "contractor", _("Handwerkertermin")
        MEETING = "meeting", _("Gesprächstermin")

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, null=True, blank=True, related_name="appointments"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.INSPECTION)
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    location = models.CharField(_("Ort"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("Mitarbeiter/in"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("Team"),
    )
    contractor = models.ForeignKey(
        Contractor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("Handwerker"),
    )
    note = models.TextField(_("Notiz"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "tickets"
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["user", "starts_at"], name="appointment_user_idx"),
            models.Index(fields=["team", "starts_at"], name="appointment_team_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="appointment_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%d.%m.%Y %H:%M}"
