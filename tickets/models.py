"""The ticket (Meldung / Vorgang) and everything that happens to it."""

import builtins
import datetime as dt
import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogs.models import CatalogItem, Category, Priority
from estate.models import Contractor, Party, Property, Team, Unit

from .querysets import TicketQuerySet
from .status import Status


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    EMAIL = "email", _("E-Mail")
    PHONE = "phone", _("Telefon")
    STAFF = "staff", _("Sachbearbeitung")
    CARETAKER = "caretaker", _("Hauswart")
    CONTRACTOR = "contractor", _("Handwerker")
    LETTER = "letter", _("Brief")
    COUNTER = "counter", _("Persönlich")
    API = "api", _("Schnittstelle")


class Awaiting(models.TextChoices):
    """Whose turn it is on a case, after its last public message."""

    US = "us", _("wartet auf uns")
    TENANT = "tenant", _("wartet auf Mieter/in")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("privat")
    PUBLIC = "public", _("öffentlich")


class CommonArea(models.TextChoices):
    NONE = "", _("in meiner Wohnung")
    STAIRCASE = "staircase", _("Treppenhaus")
    CELLAR = "cellar", _("Keller")
    COURTYARD = "courtyard", _("Hof / Außenanlage")
    ATTIC = "attic", _("Dachboden")
    GARAGE = "garage", _("Tiefgarage / Garage")
    LIFT = "lift", _("Aufzug")
    ENTRANCE = "entrance", _("Eingang / Briefkästen")
    OTHER = "other", _("anderer Bereich")


# A ticket without a due time sorts after every dated one.
FAR_FUTURE = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)


def due_key() -> Coalesce:
    """The due time as the queue sorts it: never NULL, so keyset pages compare plain values."""
    return Coalesce(models.F("due_at"), models.Value(FAR_FUTURE, output_field=models.DateTimeField()))


class TicketReferenceCounter(models.Model):
    """The last reference number handed out per year; one locked row makes numbers unique and gap-free."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Nummernkreis")
        verbose_name_plural = _("Nummernkreise")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Ticket(models.Model):
    reference = models.CharField(_("Nummer"), max_length=20, unique=True, editable=False)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("Kategorie")
    )
    item = models.ForeignKey(
        CatalogItem, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("Anliegen")
    )
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("Liegenschaft")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("Mieteinheit"),
    )
    common_area = models.CharField(
        _("Bereich"), max_length=20, choices=CommonArea.choices, blank=True, default=""
    )
    location_note = models.CharField(_("Ort genauer"), max_length=200, blank=True)
    # Staff's own name for the case; empty means the catalog item's wording (see `title_display`).
    title = models.CharField(_("Titel"), max_length=200, blank=True)
    reporter = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_tickets",
        verbose_name=_("Meldende Person"),
    )
    # A complainant who is not in our master data (a neighbour, a passer-by).
    reporter_name = models.CharField(_("Name (ohne Stammdaten)"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("E-Mail (ohne Stammdaten)"), blank=True)
    reporter_phone = models.CharField(_("Telefon (ohne Stammdaten)"), max_length=40, blank=True)
    subject_party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints_about",
        verbose_name=_("betroffene Partei"),
        help_text=_("Bei Beschwerden: über wen geklagt wird."),
    )
    channel = models.CharField(
        _("Eingangskanal"), max_length=20, choices=Channel.choices, default=Channel.PORTAL
    )
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    # Which resident roles may see a public ticket.
    show_to_tenants = models.BooleanField(_("für Mieter sichtbar"), default=True)
    show_to_owners = models.BooleanField(_("für Eigentümer sichtbar"), default=True)
    show_to_board = models.BooleanField(_("für Beirat sichtbar"), default=True)
    show_to_caretakers = models.BooleanField(_("für Hauswart sichtbar"), default=True)
    is_anonymous = models.BooleanField(_("anonym"), default=False)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    status_reason = models.TextField(_("Begründung"), blank=True)
    priority = models.CharField(
        _("Priorität"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    respond_by = models.DateTimeField(_("Reaktion bis"), null=True, blank=True)
    due_at = models.DateTimeField(_("Fällig am"), null=True, blank=True)
    is_overdue = models.BooleanField(_("überfällig"), default=False)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets", verbose_name=_("Team")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("Sachbearbeitung"),
    )
    contractor = models.ForeignKey(
        Contractor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("Handwerker"),
    )
    caretaker = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caretaker_jobs",
        verbose_name=_("Hauswart"),
    )
    contractor_may_progress = models.BooleanField(_("Handwerker meldet Beginn/Erledigung"), default=True)
    answers = models.JSONField(_("Angaben"), default=dict, blank=True)
    description = models.TextField(_("Beschreibung"))
    availability = models.TextField(_("Erreichbarkeit für Termine"), blank=True)
    phone_consent = models.BooleanField(_("Telefonnummer an Handwerker"), default=False)
    tracking_enabled = models.BooleanField(_("E-Mail bei Statusänderung"), default=True)
    restricted_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="restricted_tickets",
        verbose_name=_("vertraulich für"),
        help_text=_("Nur diese Person (und wer vertrauliche Vorgänge sehen darf) sieht den Vorgang."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("Duplikat von"),
    )
    # Who is to answer next, from the last public message (tickets.services.message_add keeps it): the
    # queue shows it on every row without looking at the messages.
    awaiting = models.CharField(
        _("wartet auf"), max_length=10, choices=Awaiting.choices, blank=True, default=""
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("gemeldet am"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    # The queue sorts by urgency; a stored rank keeps that sort on an index (emergency first).
    priority_rank = models.GeneratedField(
        expression=models.Case(
            models.When(priority=Priority.EMERGENCY, then=0),
            models.When(priority=Priority.HIGH, then=1),
            models.When(priority=Priority.NORMAL, then=2),
            default=3,
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )
    # Full-text search (German): reference, description, messages and reporter name, kept by
    # tickets.search.refresh_search_vector; the GIN index exists on PostgreSQL only (migration 0002).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-created_at"]
        permissions = [
            ("view_confidential", _("Kann vertrauliche Vorgänge sehen")),
            ("view_closed", _("Kann abgeschlossene Vorgänge sehen")),
        ]
        indexes = [
            models.Index(fields=["status", "due_at", "id"], name="ticket_status_due_idx"),
            models.Index(fields=["assignee", "status", "due_at"], name="ticket_assignee_idx"),
            models.Index(fields=["team", "status", "due_at"], name="ticket_team_idx"),
            models.Index(fields=["property", "visibility", "status"], name="ticket_property_idx"),
            models.Index(fields=["reporter", "created_at"], name="ticket_reporter_idx"),
            models.Index(fields=["contractor", "status"], name="ticket_contractor_idx"),
            # The back-office queue: open work sorted by due time or urgency, pages by keyset.
            # Sorting on due_key (no NULLs) lets a keyset page start its index scan at the cursor.
            models.Index(
                due_key(),
                "id",
                name="ticket_active_duekey_idx",
                condition=models.Q(status__in=["open", "released", "in_progress"]),
            ),
            models.Index(
                "priority_rank",
                due_key(),
                "id",
                name="ticket_active_prio_key_idx",
                condition=models.Q(status__in=["open", "released", "in_progress"]),
            ),
            models.Index(due_key(), "id", name="ticket_duekey_id_idx"),
            # All statuses by urgency, and a priority filter (as priority_rank) in due-time order.
            models.Index("priority_rank", due_key(), "id", name="ticket_prio_key_idx"),
            # "Meine Meldungen" and "Mein Team", the views case workers open first.
            models.Index(
                "assignee",
                due_key(),
                "id",
                name="ticket_active_assignee_key_idx",
                condition=models.Q(status__in=["open", "released", "in_progress"]),
            ),
            models.Index(
                "team",
                due_key(),
                "id",
                name="ticket_active_team_key_idx",
                condition=models.Q(status__in=["open", "released", "in_progress"]),
            ),
            # The same two views over all statuses, in each sort the queue offers: a case worker's or team's
            # history (12,000 and 90,000 tickets at a million) paged from the cursor instead of gathered and
            # sorted on every page (70-200 ms for "mine"/"team" with a filter, all statuses, deep pages).
            models.Index("assignee", due_key(), "id", name="ticket_assignee_key_idx"),
            models.Index("assignee", "priority_rank", due_key(), "id", name="ticket_assignee_prio_idx"),
            models.Index(
                models.F("assignee"),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="ticket_assignee_new_idx",
            ),
            models.Index("team", due_key(), "id", name="ticket_team_key_idx"),
            models.Index("team", "priority_rank", due_key(), "id", name="ticket_team_prio_idx"),
            models.Index(
                models.F("team"),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="ticket_team_new_idx",
            ),
            # A catalog group's tickets by urgency, item by item (the queue reads one branch per item, see
            # keyset.key_rows_per): the groups differ in urgency (one has no emergencies at all), so walking
            # the urgency index for a group's tickets read 29,000 rows for the first page.
            models.Index("item", "priority_rank", due_key(), "id", name="ticket_item_prio_idx"),
            models.Index(
                "item",
                "priority_rank",
                due_key(),
                "id",
                name="ticket_active_item_prio_idx",
                condition=models.Q(status__in=["open", "released", "in_progress"]),
            ),
            # A contractor's jobs (4,300 each at a million) in each sort, for the queue's contractor filter.
            models.Index(
                "contractor",
                due_key(),
                "id",
                name="ticket_contractor_key_idx",
                condition=models.Q(contractor__isnull=False),
            ),
            models.Index(
                "contractor",
                "priority_rank",
                due_key(),
                "id",
                name="ticket_contractor_prio_idx",
                condition=models.Q(contractor__isnull=False),
            ),
            models.Index(
                models.F("contractor"),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="ticket_contractor_new_idx",
                condition=models.Q(contractor__isnull=False),
            ),
            models.Index(fields=["-created_at", "-id"], name="ticket_created_id_idx"),
            # Open work newest first (the queue's "gemeldet" sort, also the overdue view): without it a
            # page reads all open tickets and sorts them.
            models.Index(
                fields=["-created_at", "-id"],
                name="ticket_active_created_idx",
                condition=models.Q(status__in=["open", "released", "in_progress"]),
            ),
            # The exchange API's sync: tickets changed since a time, paged by (updated_at, id).
            models.Index(fields=["updated_at", "id"], name="ticket_updated_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.item}"

    def get_absolute_url(self) -> str:
        return reverse("admin:tickets_ticket_change", args=[self.pk])

    @builtins.property  # the field "property" shadows the builtin here
    def is_open(self) -> bool:
        return self.status in Status.active()

    @builtins.property  # the field "property" shadows the builtin here
    def title_display(self) -> str:
        """The case's title for staff: their own, else the catalog item as staff know it."""
        return self.title or self.item.staff_label or self.item.label

    @builtins.property  # the field "property" shadows the builtin here
    def reporter_display(self) -> str:
        return self.reporter.display_name if self.reporter else self.reporter_name

    @builtins.property  # the field "property" shadows the builtin here
    def place_display(self) -> str:
        if self.unit_id:
            return str(self.unit)
        area = self.get_common_area_display() if self.common_area else ""
        return f"{self.property.name}, {area}" if area else self.property.name


class AffectedParty(models.Model):
    """ "Betrifft mich auch": a resident who joined a public ticket instead of reporting it again."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="affected")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="affected_by")
    notify = models.BooleanField(_("informieren"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Betroffene Person")
        verbose_name_plural = _("Betroffene Personen")
        constraints = [models.UniqueConstraint(fields=["ticket", "party"], name="unique_affected_party")]

    def __str__(self) -> str:
        return f"{self.party} ↔ {self.ticket.reference}"


class TicketEvent(models.Model):
    """One row in the timeline: who did what and when. The ticket's history and its audit log at once."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Gemeldet")
        STATUS = "status", _("Status geändert")
        ASSIGNED = "assigned", _("Zugewiesen")
        PRIORITY = "priority", _("Priorität geändert")
        DUE = "due", _("Fälligkeit geändert")
        MESSAGE = "message", _("Nachricht")
        ATTACHMENT = "attachment", _("Anhang")
        CONTRACTOR = "contractor", _("Handwerker")
        EMAIL_IN = "email_in", _("E-Mail eingegangen")
        EMAIL_OUT = "email_out", _("E-Mail versandt")
        LETTER = "letter", _("Brief")
        DATA_CHANGE = "data_change", _("Datenänderung")
        AFFECTED = "affected", _("Betrifft mich auch")
        FOLLOW_UP = "follow_up", _("Wiedervorlage")
        TITLE = "title", _("Titel geändert")
        OVERDUE = "overdue", _("Überfällig")
        LINKED = "linked", _("Verknüpft")
        COMMENT_HIDDEN = "comment_hidden", _("Kommentar ausgeblendet")
        WATCHER = "watcher", _("Beobachter/in hinzugefügt")
        PROCESS = "process", _("Vorgangsschritt")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        max_length=200, blank=True, help_text="Who, when not a user: a contractor, the system."
    )
    is_public = models.BooleanField(default=False, help_text="Shown to the reporter in the portal.")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Verlaufseintrag")
        verbose_name_plural = _("Verlauf")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.created_at:%d.%m.%Y %H:%M}"


class Message(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", _("Antwort an Mieter")
        INTERNAL = "internal", _("Interne Notiz")
        PHONE = "phone", _("Telefonnotiz")
        EMAIL_IN = "email_in", _("E-Mail eingegangen")
        EMAIL_OUT = "email_out", _("E-Mail versandt")
        TENANT = "tenant", _("Nachricht des Mieters")
        CONTRACTOR = "contractor", _("Nachricht des Handwerkers")
        RESIDENT = "resident", _("Kommentar aus dem Haus")

    class Direction(models.TextChoices):
        INBOUND = "in", _("eingehend")
        OUTBOUND = "out", _("ausgehend")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_label = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    # Phone notes.
    caller = models.CharField(_("Anrufer"), max_length=200, blank=True)
    direction = models.CharField(_("Richtung"), max_length=3, choices=Direction.choices, blank=True)
    duration_minutes = models.PositiveIntegerField(_("Dauer (Min.)"), null=True, blank=True)
    # E-mail threading.
    email_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    # A resident's comment on a public ticket that staff took down; kept, with its timeline row.
    hidden = models.BooleanField(_("ausgeblendet"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%d.%m.%Y}"

    @property
    def is_public(self) -> bool:
        if self.hidden:
            return False
        return self.kind in {
            self.Kind.PUBLIC,
            self.Kind.TENANT,
            self.Kind.EMAIL_IN,
            self.Kind.EMAIL_OUT,
            self.Kind.RESIDENT,
        }


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"tickets/{instance.ticket_id}/{filename}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    thumbnail = models.FileField(upload_to=attachment_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(default=True, help_text="Visible to the reporter and followers.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        """Shown as a picture; anything else (a PDF form, a letter) is offered as a file to open."""
        return self.content_type.startswith("image/")


class FollowUp(models.Model):
    """Wiedervorlage: a date to look at a ticket again, visible to the team."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("am"))
    note = models.CharField(_("Notiz"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who is reminded on the day: whoever set it, until they hand it to a colleague.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("für"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Wiedervorlage")
        verbose_name_plural = _("Wiedervorlagen")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on", "done_at"], name="followup_due_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.due_on:%d.%m.%Y}"


class ChangeRequest(models.Model):
    """Änderungsantrag: a tenant asks for a change to sensitive master data; staff approve it first."""

    class Kind(models.TextChoices):
        BANK_ACCOUNT = "bank_account", _("Bankverbindung")
        NAME = "name", _("Namensänderung")
        CONTRACT = "contract", _("Vertragsänderung")

    class State(models.TextChoices):
        PENDING = "pending", _("wartet auf Freigabe")
        APPROVED = "approved", _("freigegeben")
        REJECTED = "rejected", _("abgelehnt")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("Person")
    )
    ticket = models.ForeignKey(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="change_requests"
    )
    old_values = models.JSONField(default=dict, blank=True)
    new_values = models.JSONField(default=dict)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    # An approved change that the ERP has booked (the new IBAN is in the accounts): done for the tenant.
    booked_at = models.DateTimeField(_("im ERP gebucht am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Änderungsantrag")
        verbose_name_plural = _("Änderungsanträge")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"], name="changerequest_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.party}"


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class WorkOrderQuerySet(models.QuerySet):
    def revoke_for(self, ticket: Ticket) -> int:
        """Every live link of this ticket dies: the job was taken back or given to someone else."""
        return self.filter(ticket=ticket, revoked_at__isnull=True).update(revoked_at=timezone.now())


class WorkOrder(models.Model):
    """Auftrag: one release of a ticket to a contractor or a caretaker (Hauswart). A contractor's nonce
    binds the signed link to this release, so the link dies when the job is taken away or given to
    someone else; a caretaker works it signed in to the portal."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="work_orders")
    contractor = models.ForeignKey(
        Contractor, on_delete=models.CASCADE, null=True, blank=True, related_name="work_orders"
    )
    caretaker = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="work_orders"
    )
    nonce = models.CharField(max_length=40, default=new_nonce, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    appointment_at = models.DateTimeField(null=True, blank=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("Auftrag")
        verbose_name_plural = _("Aufträge")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["ticket", "revoked_at"], name="workorder_ticket_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contractor__isnull=False) ^ models.Q(caretaker__isnull=False),
                name="workorder_one_worker",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.contractor or self.caretaker}"

    @classmethod
    def issue(
        cls, *, ticket: Ticket, contractor: Contractor | None = None, caretaker: Party | None = None
    ) -> "WorkOrder":
        """A new order for a release to `contractor` or `caretaker`; earlier links for the ticket die."""
        cls.objects.revoke_for(ticket)
        return cls.objects.create(ticket=ticket, contractor=contractor, caretaker=caretaker)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.declined_at is None


# Models case workers keep around tickets live in their own module; importing them here registers them.
# So do the keys a portal report and a reply were sent with (tickets.resend, tickets.resend_reply).
from .reply_keys import ReplyKey  # noqa: E402, F401
from .report_keys import ReportKey  # noqa: E402, F401
from .watching import Watcher  # noqa: E402, F401
from .workspace import Appointment, SavedView, StandardAttachment, TextBlock  # noqa: E402, F401
