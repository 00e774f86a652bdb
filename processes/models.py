"""Vorgänge: customer processes beyond a repair. A ProcessTemplate (Vorgangsart) is a sequence of
StepTemplates (Schritte); a running Process (Vorgang) belongs to one ticket, has parties in roles
(ProcessParty) and one row per step reached (ProcessStep). Changes go through processes.engine only;
who may see and do what is decided in processes.access only."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalogs.models import CatalogItem, Translated
from estate.models import Contractor, Party
from estate.salutations import word_for
from tickets.models import Ticket


class Role(models.TextChoices):
    """A party's role in a process (VERA: melder, klager, beklaagde, behandelaar, ...)."""

    TENANT = "tenant", _("Mieter/in")
    CO_TENANT = "co_tenant", _("Mitmieter/in")
    COMPLAINANT = "complainant", _("Beschwerdeführer/in")
    ACCUSED = "accused", _("Beschuldigte Partei")
    CASE_WORKER = "case_worker", _("Sachbearbeitung")
    INSPECTOR = "inspector", _("Abnehmer/in")
    CONTRACTOR = "contractor", _("Handwerker")
    SYSTEM = "system", _("System")

    @classmethod
    def residents(cls) -> set[str]:
        return {cls.TENANT, cls.CO_TENANT, cls.COMPLAINANT, cls.ACCUSED}

    @classmethod
    def staff(cls) -> set[str]:
        return {cls.CASE_WORKER, cls.INSPECTOR}

    @classmethod
    def resident_label(cls, value: str, party: Party | None = None, template_code: str = "") -> str:
        """A role as the resident holding it reads it in the portal: the accused learns of a complaint
        about their home, in words that do not yet judge it."""
        if value == cls.ACCUSED:
            return str(_("von einer Beschwerde betroffen"))
        return cls.person_label(value, party, template_code)

    @classmethod
    def person_label(cls, value: str, party: Party | None, template_code: str = "") -> str:
        """The role of a known person, in the form their salutation gives (Mieterin, Mitmieter,
        Beschwerdeführerin; the neutral word without one); other roles by their label. A kind of process
        may name a role its own way (a home swap's second tenant is the Tauschpartnerin): `role_words`."""
        words = ROLE_WORDS.get((template_code, value)) or {
            cls.TENANT: (_("Mieterin"), _("Mieter"), _("Mietpartei")),
            cls.CO_TENANT: (_("Mitmieterin"), _("Mitmieter"), _("weitere Mietpartei")),
            cls.COMPLAINANT: (_("Beschwerdeführerin"), _("Beschwerdeführer"), _("beschwerdeführende Partei")),
        }.get(value)
        if words is None or party is None:
            return str(cls(value).label) if value in cls.values else value
        female, male, neutral = words
        return word_for(party, female=female, male=male, neutral=neutral)


# (template code, role) → (female, male, neutral): the words a kind of process gives a role of its own.
ROLE_WORDS: dict[tuple[str, str], tuple] = {}


def role_words(template_code: str, role: str, *, female, male, neutral) -> None:
    """Name a role of one kind of process its own way (lazy translations), e.g. the home swap's partner,
    who holds the co-tenant role but is no co-tenant. Called from the app that owns the template."""
    ROLE_WORDS[(template_code, role)] = (female, male, neutral)


class StepKind(models.TextChoices):
    FORM = "form", _("Formular")
    CHECK = "check", _("Automatische Prüfung")
    CONSENT = "consent", _("Zustimmung")
    APPOINTMENT = "appointment", _("Termin")
    INSPECTION = "inspection", _("Begehung")
    DOCUMENT = "document", _("Dokument")
    LETTER = "letter", _("Brief")
    DECISION = "decision", _("Entscheidung")
    WAIT = "wait", _("Warten bis Datum")
    CHILD_TICKET = "child_ticket", _("Folgemeldung")


class DeadlineFrom(models.TextChoices):
    STEP = "step", _("ab Beginn des Schritts")
    PROCESS = "process", _("ab Beginn des Vorgangs")
    DATE = "date", _("ab einem Datum aus den Angaben")


# The outcomes the standard templates use, in the reader's language; an admin's own code shows as it is.
OUTCOME_LABELS = {
    "agreed": _("zugestimmt"),
    "refused": _("abgelehnt"),
    "confirmed": _("bestätigt"),
    "yes": _("genehmigt"),
    "yes_with_conditions": _("genehmigt mit Auflagen"),
    "no": _("abgelehnt"),
    "resolved": _("erledigt"),
    "escalate": _("nächste Stufe"),
    "withdrawn": _("zurückgezogen"),
    "passed": _("in Ordnung"),
    "defects": _("Mängel"),
    "taken_over": _("übernommen"),
    "remove_at_move_out": _("bei Auszug zurückbauen"),
    "terminated": _("Kündigung ausgesprochen"),
    "court": _("Klage eingereicht"),
    "counter": _("Gegenvorschlag"),
    "paid_off": _("vollständig bezahlt"),
    "uncollectible": _("uneinbringlich"),
    "broken": _("nicht eingehalten"),
    "signed": _("gegengezeichnet"),
}


def outcome_label(code: str) -> str:
    return str(OUTCOME_LABELS.get(code, code))


class ProcessTemplate(Translated):
    """Vorgangsart: Kündigung, Nachbarschaftsstörung, bauliche Veränderung, ..."""

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    catalog_item = models.ForeignKey(
        CatalogItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_templates",
        verbose_name=_("Anliegen"),
        help_text=_("Die Meldung des Vorgangs hat dieses Anliegen; seine Zuständigkeit gibt das Team."),
    )
    tenant_may_start = models.BooleanField(_("Mieter dürfen beginnen"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Vorgangsart")
        verbose_name_plural = _("Vorgangsarten")
        ordering = ["code"]

    def names(self) -> dict:
        return {"de": self.name_de, "en": self.name_en, "nl": self.name_nl}


class StepTemplate(Translated):
    """Schritt: one step of a process template, with its kind, who acts, who sees it, its deadline and
    where each outcome leads."""

    template = models.ForeignKey(
        ProcessTemplate, on_delete=models.CASCADE, related_name="steps", verbose_name=_("Vorgangsart")
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    code = models.SlugField(_("Kürzel"), max_length=40)
    kind = models.CharField(_("Art"), max_length=20, choices=StepKind.choices)
    actor = models.CharField(_("wer handelt"), max_length=20, choices=Role.choices)
    # A plain JSON list of roles, so it works on SQLite as on PostgreSQL; staff always see every step.
    visible_to = models.JSONField(
        _("sichtbar für"),
        default=list,
        blank=True,
        help_text=_('Rollen, die den Schritt sehen, z. B. ["tenant", "co_tenant"].'),
    )
    deadline_days = models.IntegerField(
        _("Frist (Arbeitstage)"), null=True, blank=True, help_text=_("Leer: keine Frist. Negativ: davor.")
    )
    deadline_from = models.CharField(
        _("Frist ab"), max_length=10, choices=DeadlineFrom.choices, default=DeadlineFrom.STEP
    )
    deadline_field = models.CharField(
        _("Datumsangabe"),
        max_length=40,
        blank=True,
        help_text=_("Bei „ab einem Datum“: der Name der Angabe, z. B. move_out_date."),
    )
    outcomes = models.JSONField(
        _("Ergebnisse"),
        default=dict,
        blank=True,
        help_text=_('Ergebnis → nächster Schritt (Kürzel) oder "end"; leer: der nächste Schritt.'),
    )
    is_optional = models.BooleanField(_("optional"), default=False)

    class Meta:
        verbose_name = _("Schritt")
        verbose_name_plural = _("Schritte")
        ordering = ["template", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="unique_step_code")]

    def names(self) -> dict:
        return {"de": self.name_de, "en": self.name_en, "nl": self.name_nl}

    def clean(self) -> None:
        roles = self.visible_to if isinstance(self.visible_to, list) else None
        if roles is None or any(role not in Role.values for role in roles):
            raise ValidationError({"visible_to": _('Eine Liste von Rollen, z. B. ["tenant"].')})
        outcomes = self.outcomes if isinstance(self.outcomes, dict) else None
        if outcomes is None or any(not isinstance(v, str) or not v for v in outcomes.values()):
            raise ValidationError({"outcomes": _('Ergebnis → Kürzel des nächsten Schritts oder "end".')})
        if self.deadline_from == DeadlineFrom.DATE and not self.deadline_field:
            raise ValidationError({"deadline_field": _("Bitte nennen Sie die Datumsangabe.")})


class ProcessQuerySet(models.QuerySet):
    def running(self) -> "ProcessQuerySet":
        return self.filter(state__in=[Process.State.RUNNING, Process.State.WAITING])

    def overdue(self, now) -> "ProcessQuerySet":
        return self.running().filter(next_deadline__lt=now)


class Process(models.Model):
    """Vorgang: one running (or ended) process, carried by its ticket."""

    class State(models.TextChoices):
        RUNNING = "running", _("läuft")
        WAITING = "waiting", _("wartet")
        DONE = "done", _("abgeschlossen")
        CANCELLED = "cancelled", _("abgebrochen")

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="process", verbose_name=_("Meldung")
    )
    template = models.ForeignKey(
        ProcessTemplate, on_delete=models.PROTECT, related_name="processes", verbose_name=_("Vorgangsart")
    )
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.RUNNING)
    current_step = models.ForeignKey(
        "ProcessStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aktueller Schritt"),
    )
    next_deadline = models.DateTimeField(_("nächste Frist"), null=True, blank=True, db_index=True)
    # The facts entered on the way (move-out date, reason, ...); staff only, never shown to residents whole.
    data = models.JSONField(_("Angaben"), default=dict, blank=True)
    outcome = models.CharField(_("Ergebnis"), max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    started_at = models.DateTimeField(_("begonnen"), auto_now_add=True)
    ended_at = models.DateTimeField(_("beendet"), null=True, blank=True)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vorgang")
        verbose_name_plural = _("Vorgänge")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["state", "next_deadline"], name="process_state_deadline_idx")]

    def __str__(self) -> str:
        return f"{self.template} {self.ticket.reference}"

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.RUNNING, self.State.WAITING)


class ProcessParty(models.Model):
    """Beteiligte: a resident (party), a staff member (user) or a contractor in a role of the process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_roles",
        verbose_name=_("Person"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_roles",
        verbose_name=_("Mitarbeiter/in"),
    )
    contractor = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_roles",
        verbose_name=_("Handwerker"),
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Beteiligte")
        verbose_name_plural = _("Beteiligte")
        ordering = ["process", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "role", "party"],
                condition=Q(party__isnull=False),
                name="unique_party_role",
            ),
            models.UniqueConstraint(
                fields=["process", "role", "user"], condition=Q(user__isnull=False), name="unique_user_role"
            ),
            models.UniqueConstraint(
                fields=["process", "role", "contractor"],
                condition=Q(contractor__isnull=False),
                name="unique_contractor_role",
            ),
            models.CheckConstraint(
                condition=Q(party__isnull=False) | Q(user__isnull=False) | Q(contractor__isnull=False),
                name="process_party_has_someone",
            ),
        ]
        indexes = [models.Index(fields=["party", "process"], name="process_party_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.who}"

    @property
    def role_for_resident(self) -> str:
        return Role.resident_label(self.role, self.party, self.process.template.code)

    @property
    def role_label(self) -> str:
        """The role as staff read it beside the person's name (Mieterin, Mitmieter, Sachbearbeitung)."""
        if not self.party_id:
            return self.get_role_display()
        return Role.person_label(self.role, self.party, self.process.template.code)

    @property
    def who(self) -> str:
        if self.party_id:
            return self.party.display_name
        if self.user_id:
            return str(self.user)
        return self.contractor.name


class ProcessStep(models.Model):
    """Schrittstand: one step of one process as reached (a step entered twice, by escalation, has two)."""

    class State(models.TextChoices):
        PENDING = "pending", _("ausstehend")
        ACTIVE = "active", _("aktiv")
        DONE = "done", _("erledigt")
        SKIPPED = "skipped", _("übersprungen")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps")
    template = models.ForeignKey(
        StepTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("Schritt")
    )
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    due_at = models.DateTimeField(_("Frist"), null=True, blank=True)
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erledigt von"),
    )
    done_by_party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erledigt von"),
    )
    outcome = models.CharField(_("Ergebnis"), max_length=40, blank=True)
    data = models.JSONField(_("Angaben"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Schrittstand")
        verbose_name_plural = _("Schrittstände")
        ordering = ["process", "template__position", "id"]
        indexes = [models.Index(fields=["state", "due_at"], name="process_step_due_idx")]

    def __str__(self) -> str:
        return f"{self.template} ({self.get_state_display()})"

    @property
    def code(self) -> str:
        return self.template.code

    @property
    def outcome_display(self) -> str:
        return outcome_label(self.outcome) if self.outcome else ""


def signature_path(instance: "Signature", filename: str) -> str:
    return f"signatures/{instance.signed_at:%Y/%m}/{instance.document_hash[:16]}.png"


class Signature(models.Model):
    """Einfache elektronische Signatur: who agreed to exactly which document, when and from where. The
    sha256 of the signed bytes is kept, so a changed document no longer matches (processes.signatures)."""

    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, null=True, blank=True, related_name="signatures"
    )
    step = models.ForeignKey(
        ProcessStep, on_delete=models.PROTECT, null=True, blank=True, related_name="signatures"
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("Person"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("Mitarbeiter/in"),
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, blank=True)
    signer_name = models.CharField(_("Name"), max_length=200)
    signed_at = models.DateTimeField(_("unterschrieben am"))
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    user_agent = models.CharField(_("Browser"), max_length=300, blank=True)
    document_label = models.CharField(_("Dokument"), max_length=200)
    document_hash = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64)
    image = models.ImageField(_("Unterschrift"), upload_to=signature_path, null=True, blank=True)

    class Meta:
        verbose_name = _("Unterschrift")
        verbose_name_plural = _("Unterschriften")
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.signer_name}: {self.document_label}"

    @property
    def role_label(self) -> str:
        """As whom they signed: Mieterin, Mitmieter ... by the signer's salutation."""
        if not self.role:
            return ""
        if not self.party_id:
            return self.get_role_display()
        return Role.person_label(self.role, self.party, self.process.template.code if self.process_id else "")


class NuisanceLogEntry(models.Model):
    """Störungsprotokoll: one disturbance as the complainant noted it (day, time, how long, what happened).
    Kept with the process; only the complainant and the staff on the case read it (processes.nuisance)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="nuisance_log")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("eingetragen von")
    )
    occurred_on = models.DateField(_("Datum"))
    occurred_at = models.TimeField(_("Uhrzeit"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("Dauer (Min.)"), null=True, blank=True)
    description = models.TextField(_("Was ist passiert?"))
    created_at = models.DateTimeField(_("eingetragen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Eintrag im Störungsprotokoll")
        verbose_name_plural = _("Störungsprotokoll")
        ordering = ["process", "occurred_on", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d.%m.%Y} {self.description[:40]}"


# Begehungen (slots and protocols) live in their own module along the domain's seam.
from .inspection_models import Inspection, InspectionSlot  # noqa: E402, F401
