"""Datenschutz: a tenant's data export (DSGVO Art. 15/20), retention rules, legal holds, and the log of
every anonymisation run."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPORT_LIFETIME = dt.timedelta(days=7)
CONFIRM_LIFETIME = dt.timedelta(hours=1)


class DataExportQuerySet(models.QuerySet):
    def downloadable(self, now=None) -> "DataExportQuerySet":
        now = now or timezone.now()
        return self.filter(state=DataExport.State.READY, expires_at__gt=now)


class DataExport(models.Model):
    """Datenauskunft: one export of everything we hold about a party, and at once its log entry (who asked,
    who produced it, when, what it held). The file lives in private storage and is removed when it expires;
    the row stays."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portal")
        STAFF = "staff", _("schriftliche Anfrage")

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("wartet auf Bestätigung")
        CONFIRMED = "confirmed", _("wird erstellt")
        READY = "ready", _("bereit")
        EXPIRED = "expired", _("abgelaufen")
        FAILED = "failed", _("fehlgeschlagen")

    party = models.ForeignKey(
        "estate.Party", on_delete=models.CASCADE, related_name="data_exports", verbose_name=_("Person")
    )
    channel = models.CharField(_("Weg"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("Stand"), max_length=12, choices=State.choices, default=State.UNCONFIRMED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("angefordert von"),
    )
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erstellt von"),
        help_text=_("Leer: im Portal angefordert und vom System erstellt."),
    )
    note = models.CharField(
        _("Anlass"), max_length=200, blank=True, help_text=_("z. B. Schreiben vom 3. März, Eingang per Post.")
    )
    # The re-confirmation link: only its hash, like a sign-in link; single use, one hour.
    confirm_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    confirm_expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    produced_at = models.DateTimeField(_("erstellt am"), null=True, blank=True)
    expires_at = models.DateTimeField(_("abrufbar bis"), null=True, blank=True)
    file = models.FileField(upload_to="privacy/exports/", max_length=300, blank=True, editable=False)
    size = models.PositiveIntegerField(_("Größe (Bytes)"), default=0)
    # What the export held, as counts per section: the log says "what" without keeping the data twice.
    contents = models.JSONField(_("Inhalt"), default=dict, blank=True)
    downloads = models.PositiveSmallIntegerField(_("Abrufe"), default=0)
    last_download_at = models.DateTimeField(_("zuletzt abgerufen"), null=True, blank=True)
    created_at = models.DateTimeField(_("angefordert am"), default=timezone.now, db_index=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Datenauskunft")
        verbose_name_plural = _("Datenauskünfte")
        ordering = ["-created_at", "-id"]
        permissions = [("produce_dataexport", _("Datenauskunft für eine Person erstellen und herunterladen"))]

    def __str__(self) -> str:
        return f"{self.party_id} {self.created_at:%d.%m.%Y %H:%M}"


class RetentionRule(models.Model):
    """Aufbewahrungsfrist: how many years a kind of record is kept, counted from the end of the year in
    which its clock starts (a ticket's closing, a letter's sending, a booking's decision)."""

    class Kind(models.TextChoices):
        TICKET = "ticket", _("Meldungen mit Nachrichten, Verlauf und Fotos (ab Abschluss)")
        EMAIL = "email", _("E-Mails im Postausgang und Zustellereignisse (ab Versand)")
        LETTER = "letter", _("Briefe und Druckstapel (ab Erstellung)")
        INBOUND = "inbound", _("Eingegangene E-Mails (ab Eingang)")
        BOOKING = "booking", _("Buchungsbelege: Änderungen der Bankverbindung (ab Entscheidung)")
        CHANGE_REQUEST = "change_request", _("Andere Änderungsanträge (ab Entscheidung)")
        DOCUMENT = "document", _("Dokumente einer Person (ab Bereitstellung)")
        PARTY = "party", _("Stammdaten ehemaliger Bewohner (ab Ende der letzten Rolle)")
        LETTING = "letting", _("Mietverträge mit Unterschriften (ab Ende des Mietverhältnisses)")
        PAYMENT = (
            "payment",
            _("Zahlungen: Rückstände, Ratenzahlungen, Zahlungsaufforderungen, SEPA-Mandate (ab Erledigung)"),
        )
        SUBSCRIPTION = "subscription", _("Zusatzvereinbarungen und ihre Änderungen (ab Ende)")
        CONTRACT_CHANGE = (
            "contract_change",
            _(
                "Vertragsänderungen mit Zustimmungen, Ansprechpartner (ab Ende des Mietverhältnisses "
                "bzw. Entscheidung)"
            ),
        )
        SWAP = "swap", _("Wohnungstausch: Angaben zu Haushalt, Einkommen, bisheriger Wohnung (ab Abschluss)")

    kind = models.CharField(_("Art der Daten"), max_length=20, choices=Kind.choices, unique=True)
    years = models.PositiveSmallIntegerField(_("Jahre"), help_text=_("Gezählt ab dem Ende des Jahres."))
    active = models.BooleanField(
        _("aktiv"),
        default=False,
        help_text=_("Erst nach der Vorschau einschalten: dann anonymisiert der nächtliche Lauf danach."),
    )
    basis = models.CharField(_("Rechtsgrundlage"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Aufbewahrungsfrist")
        verbose_name_plural = _("Aufbewahrungsfristen")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.years}"

    def cutoff(self, today: dt.date | None = None) -> dt.datetime:
        """Records whose clock started before this moment are due: kept N full years after the end of
        their year. A letter of 2019 kept 6 years is due on 1 January 2026."""
        year = (today or timezone.localdate()).year - self.years
        return dt.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())


class LegalHoldQuerySet(models.QuerySet):
    def active(self) -> "LegalHoldQuerySet":
        return self.filter(released_at__isnull=True)


class LegalHold(models.Model):
    """Sperre: a person or a ticket whose data must be kept whatever the rules say (a lawsuit, an audit)."""

    party = models.ForeignKey(
        "estate.Party",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legal_holds",
        verbose_name=_("Person"),
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legal_holds",
        verbose_name=_("Meldung"),
    )
    reason = models.CharField(_("Grund"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("seit"), default=timezone.now)
    released_at = models.DateTimeField(_("aufgehoben am"), null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sperre (Aufbewahrungspflicht)")
        verbose_name_plural = _("Sperren (Aufbewahrungspflicht)")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(party__isnull=False) ^ Q(ticket__isnull=False), name="legalhold_party_or_ticket"
            )
        ]

    def __str__(self) -> str:
        return self.reason


class AnonymisationRun(models.Model):
    """One run of the anonymisation (or its preview): when, and how many records of each kind it changed."""

    started_at = models.DateTimeField(_("begonnen"), default=timezone.now)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    counts = models.JSONField(_("Anzahl je Art"), default=dict, blank=True)
    triggered_by = models.CharField(_("ausgelöst durch"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Anonymisierungslauf")
        verbose_name_plural = _("Anonymisierungsläufe")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%d.%m.%Y %H:%M}"


class Anonymised(models.Model):
    """A record the anonymisation has done, so the nightly run does each one once."""

    model = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    run = models.ForeignKey(AnonymisationRun, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Anonymisierter Datensatz")
        verbose_name_plural = _("Anonymisierte Datensätze")
        constraints = [models.UniqueConstraint(fields=["model", "object_id"], name="unique_anonymised")]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id}"
