"""Every message that leaves or enters the house: the outbox, delivery events, inbound mail, letters."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _

from estate.models import Party


class OutboxMessage(models.Model):
    """One e-mail or letter, written in the same transaction as the change that caused it."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-Mail")
        LETTER = "letter", _("Brief")

    class State(models.TextChoices):
        PENDING = "pending", _("wartet")
        SENDING = "sending", _("wird versandt")
        SENT = "sent", _("versandt")
        FAILED = "failed", _("fehlgeschlagen")
        # Staff who asked for a daily digest: kept for the digest instead of being sent one by one.
        HELD = "held", _("für Zusammenfassung")
        DIGESTED = "digested", _("in Zusammenfassung versandt")

    channel = models.CharField(_("Kanal"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(_("Art"), max_length=40)
    recipient_address = models.CharField(_("Empfänger"), max_length=254, blank=True)
    recipient_party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Person")
    )
    language = models.CharField(_("Sprache"), max_length=5, default="de")
    subject = models.CharField(_("Betreff"), max_length=300)
    body_text = models.TextField(_("Text"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("Kopfzeilen"), default=dict, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("Meldung"),
    )
    # The ticket message this e-mail carries: its public files are attached when it is sent (and listed
    # in the letter when it is printed), so they are read once, from where the ticket keeps them.
    ticket_message = models.ForeignKey(
        "tickets.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Mail a case worker wrote in the mailbox: who wrote it, the mail it answers, and the standard files
    # it carries when no ticket keeps them.
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geschrieben von"),
    )
    answers = models.ForeignKey(
        "InboundMail", on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )
    standard_attachments = models.ManyToManyField("tickets.StandardAttachment", blank=True, related_name="+")
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    # A letter is rendered when it is printed, not when it is written: this says what to render (a letter
    # builder and its arguments); empty means "derive it from kind, ticket and recipient party".
    letter = models.JSONField(_("Brief"), default=dict, blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Ausgehende Nachricht")
        verbose_name_plural = _("Postausgang")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep: due pending rows and stuck sending rows, nothing else.
            models.Index(
                fields=["state", "next_attempt_at"],
                name="outbox_sweep_idx",
                condition=Q(state__in=["pending", "sending"]),
            ),
            models.Index(
                fields=["state", "recipient_address"], name="outbox_held_idx", condition=Q(state="held")
            ),
            models.Index(fields=["ticket", "created_at"], name="outbox_ticket_idx"),
            # Replies and bounces name our mail by its Message-ID (a plain key lookup, on SQLite too).
            models.Index(KeyTransform("Message-ID", "headers"), name="outbox_message_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_address}: {self.subject}"

    @property
    def message_id(self) -> str:
        return self.headers.get("Message-ID", "")


class DeliveryEvent(models.Model):
    """A delivery event from the mail provider, stored once per event id so a replayed webhook is a no-op."""

    event_id = models.CharField(max_length=200, unique=True)
    event_type = models.CharField(max_length=30)
    recipient = models.CharField(max_length=254, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Zustellereignis")
        verbose_name_plural = _("Zustellereignisse")

    def __str__(self) -> str:
        return f"{self.event_type} {self.recipient}"


class InboundMail(models.Model):
    """Posteingang: every incoming e-mail, stored as it arrived before anything reads it. A mail that joins
    a ticket keeps its row (with the ticket set); one no rule could place waits here for staff."""

    class State(models.TextChoices):
        # Stored, not read yet (or reading it stopped half-way): staff see it as raw mail.
        RECEIVED = "received", _("noch nicht gelesen")
        READ = "read", _("gelesen")
        UNREADABLE = "unreadable", _("nicht lesbar")

    class Hold(models.TextChoices):
        """Why a mail that names a ticket waits here instead of joining it."""

        NONE = "", "–"
        UNKNOWN_SENDER = "unknown_sender", _("Absender unbekannt")
        UNCONFIRMED_SENDER = "unconfirmed_sender", _("Absender nicht bestätigt")

    # Not unique: another mail may reuse a Message-ID with other content; it is kept as its own mail.
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, blank=True)
    raw = models.BinaryField(_("Original-E-Mail"), editable=False)
    raw_hash = models.CharField(max_length=64, db_index=True, editable=False)
    state = models.CharField(_("Stand"), max_length=12, choices=State.choices, default=State.RECEIVED)
    from_address = models.CharField(_("Absender"), max_length=254, blank=True)
    subject = models.CharField(_("Betreff"), max_length=300, blank=True)
    body_text = models.TextField(_("Text"), blank=True)
    party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="inbound_mails"
    )
    # The ticket the mail names (reference, thread) when its sender could not be trusted to write into it.
    refers_to = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hold = models.CharField(_("Hinweis"), max_length=20, choices=Hold.choices, blank=True, default="")
    # What the receiving mail server found (Received-SPF, Authentication-Results), where it said.
    spf = models.CharField("SPF", max_length=20, blank=True)
    dkim = models.CharField("DKIM", max_length=20, blank=True)
    authentication = models.TextField(_("Prüfergebnis des Mailservers"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    folder = models.ForeignKey(
        "MailFolder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("Ordner"),
    )
    received_at = models.DateTimeField(_("eingegangen"), auto_now_add=True)

    class Meta:
        verbose_name = _("Eingegangene E-Mail")
        verbose_name_plural = _("Posteingang")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject}"

    @property
    def is_unreadable(self) -> bool:
        return self.state != self.State.READ


class MailFolder(models.Model):
    """Ordner im Postfach: a shelf staff with the right create, to keep mail that waits for something."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Postfach-Ordner")
        verbose_name_plural = _("Postfach-Ordner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MailRead(models.Model):
    """Who opened a mail in the mailbox, and when they answered it: one row per person and mail."""

    mail = models.ForeignKey(InboundMail, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("gelesen"))
    answered_at = models.DateTimeField(_("beantwortet"), null=True, blank=True)

    class Meta:
        verbose_name = _("Lesevermerk")
        verbose_name_plural = _("Lesevermerke")
        ordering = ["read_at", "id"]
        constraints = [models.UniqueConstraint(fields=["mail", "user"], name="unique_mail_read")]

    def __str__(self) -> str:
        return f"{self.mail_id} {self.user_id}"


class LetterText(models.Model):
    """Textbaustein: the wording of one kind of letter in one language, edited in the admin. Where none
    exists the letter template's built-in wording is used."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Eingangsbestätigung")
        STATUS = "status", _("Sachstand")
        DOCUMENT_COVER = "document_cover", _("Anschreiben zur Unterlage")
        CHANGE_REQUEST = "change_request", _("Änderungsantrag")
        WORK_ORDER = "work_order", _("Auftrag an Handwerker")

    kind = models.CharField(_("Briefart"), max_length=30, choices=Kind.choices)
    language = models.CharField(_("Sprache"), max_length=5, choices=settings.LANGUAGES, default="de")
    subject = models.CharField(
        _("Betreff"), max_length=200, blank=True, help_text=_("Leer lassen für den Standardbetreff.")
    )
    paragraphs = models.TextField(
        _("Absätze"),
        help_text=_(
            "Absätze durch eine Leerzeile trennen. Platzhalter: {tenant_name}, {reference}, {property}, "
            "{title}."
        ),
    )
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Brieftext")
        verbose_name_plural = _("Brieftexte")
        ordering = ["kind", "language"]
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="unique_letter_text")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class PrintBatch(models.Model):
    """Druckstapel: letters gathered once for the post room and rendered into one PDF. Its membership is
    fixed when it is created, so rendering it again after a crash gives the same letters in the same order."""

    class State(models.TextChoices):
        PENDING = "pending", _("wartet")
        RENDERING = "rendering", _("wird gedruckt")
        DONE = "done", _("fertig")
        POSTED = "posted", _("versendet")
        FAILED = "failed", _("fehlgeschlagen")

    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erstellt von"),
    )
    # A single letter a case worker prints at the desk needs no cover sheet for the post room.
    with_cover = models.BooleanField(_("mit Deckblatt"), default=True)
    letter_count = models.PositiveIntegerField(_("Briefe"), default=0)
    progress = models.PositiveIntegerField(_("gedruckt"), default=0)
    page_count = models.PositiveIntegerField(_("Seiten"), default=0)
    file = models.FileField(_("PDF"), upload_to="print/%Y/%m/", max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)
    # Touched by every progress step: a batch in `rendering` that has not moved for a while lost its worker.
    updated_at = models.DateTimeField(_("zuletzt bearbeitet"), auto_now=True)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)
    posted_at = models.DateTimeField(_("versendet am"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Druckstapel")
        verbose_name_plural = _("Druckstapel")
        ordering = ["-created_at", "-id"]
        permissions = [("run_print_batch", _("Druckstapel erstellen, herunterladen und versenden"))]
        indexes = [
            models.Index(
                fields=["state", "updated_at"],
                name="printbatch_open_idx",
                condition=Q(state__in=["pending", "rendering"]),
            )
        ]

    def __str__(self) -> str:
        return _("Stapel %(number)s") % {"number": self.pk}

    @property
    def percent(self) -> int:
        if not self.letter_count:
            return 100 if self.state in (self.State.DONE, self.State.POSTED) else 0
        return min(100, round(100 * self.progress / self.letter_count))

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.PENDING, self.State.RENDERING)


class PrintBatchItem(models.Model):
    """One letter in a batch, at its fixed place. A letter belongs to one batch only (one-to-one)."""

    batch = models.ForeignKey(PrintBatch, on_delete=models.CASCADE, related_name="items")
    message = models.OneToOneField(OutboxMessage, on_delete=models.PROTECT, related_name="print_item")
    position = models.PositiveIntegerField(_("Position"))
    # The address as sorted and listed on the cover sheet when the batch was gathered.
    recipient = models.JSONField(_("Empfänger"), default=list)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True)
    printed = models.BooleanField(_("gedruckt"), default=False)

    class Meta:
        verbose_name = _("Brief im Druckstapel")
        verbose_name_plural = _("Briefe im Druckstapel")
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="unique_print_batch_position")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.position}"

    @property
    def recipient_name(self) -> str:
        return self.recipient[0] if self.recipient else ""
