"""Master data: the homes we manage, the people and companies in them, contractors and staff teams."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .iban import normalise_iban, validate_iban

GERMAN_STATES = [
    ("BW", "Baden-Württemberg"),
    ("BY", "Bayern"),
    ("BE", "Berlin"),
    ("BB", "Brandenburg"),
    ("HB", "Bremen"),
    ("HH", "Hamburg"),
    ("HE", "Hessen"),
    ("MV", "Mecklenburg-Vorpommern"),
    ("NI", "Niedersachsen"),
    ("NW", "Nordrhein-Westfalen"),
    ("RP", "Rheinland-Pfalz"),
    ("SL", "Saarland"),
    ("SN", "Sachsen"),
    ("ST", "Sachsen-Anhalt"),
    ("SH", "Schleswig-Holstein"),
    ("TH", "Thüringen"),
]


def external_id_field():
    """The record's key in the company's ERP (VERA: idExtern): what the exchange API upserts by."""
    return models.CharField(
        _("ID im ERP"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Schlüssel des Datensatzes im ERP; über die Schnittstelle gepflegt."),
    )


class Team(models.Model):
    """A staff team (Team, Abteilung) that owns a queue, with its members and its lead."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name=_("Teamleitung"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams", verbose_name=_("Mitglieder")
    )
    is_fallback = models.BooleanField(
        _("Auffangteam"), default=False, help_text=_("Bekommt alles, wofür keine Zuständigkeit passt.")
    )
    mail_footer = models.TextField(
        _("E-Mail-Fußzeile"),
        blank=True,
        help_text=_("Unter Antworten des Teams an Mieter; leer: die der Firma."),
    )

    class Meta:
        verbose_name = _("Team")
        verbose_name_plural = _("Teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_fallback"], condition=Q(is_fallback=True), name="one_fallback_team"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )

    class Meta:
        verbose_name = _("Teammitgliedschaft")
        verbose_name_plural = _("Teammitgliedschaften")
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="unique_team_member")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class PropertyFeature(models.Model):
    """Ausstattungsmerkmal: a lift, an underground car park, a garden. Catalog items may require one."""

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=100)

    class Meta:
        verbose_name = _("Ausstattungsmerkmal")
        verbose_name_plural = _("Ausstattungsmerkmale")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PropertyQuerySet(models.QuerySet):
    def of_party(self, party: "Party", *, on=None) -> "PropertyQuerySet":
        """The properties where the party has a role on the day `on` (today by default): they rent or own
        a unit there, sit on its board or look after it. One role alone: `Tenancy.objects.property_ids_of`.

        One subquery, a UNION of the roles: PostgreSQL reads each role by its party index and then each
        property by its key, where OR'd subqueries would make it scan every property."""
        first, *rest = (role.objects.property_ids_of(party, on=on) for role in RESIDENT_ROLES)
        return self.filter(pk__in=first.union(*rest))


class Property(models.Model):
    """Wirtschaftseinheit / Liegenschaft: one or more buildings managed as one."""

    code = models.CharField(_("Nummer"), max_length=20, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=200)
    street = models.CharField(_("Straße"), max_length=200)
    postcode = models.CharField(_("PLZ"), max_length=10)
    city = models.CharField(_("Ort"), max_length=100)
    state = models.CharField(
        _("Bundesland"), max_length=2, choices=GERMAN_STATES, default="BE", help_text=_("Für die Feiertage.")
    )
    features = models.ManyToManyField(
        PropertyFeature, blank=True, related_name="properties", verbose_name=_("Ausstattung")
    )
    access_notes = models.TextField(_("Zugangshinweise"), blank=True)
    external_id = external_id_field()

    objects = PropertyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Liegenschaft")
        verbose_name_plural = _("Liegenschaften")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


class Building(models.Model):
    property = models.ForeignKey(
        Property, on_delete=models.CASCADE, related_name="buildings", verbose_name=_("Liegenschaft")
    )
    street = models.CharField(_("Straße"), max_length=200)
    house_number = models.CharField(_("Hausnummer"), max_length=10)
    postcode = models.CharField(_("PLZ"), max_length=10)
    city = models.CharField(_("Ort"), max_length=100)
    external_id = external_id_field()

    class Meta:
        verbose_name = _("Gebäude")
        verbose_name_plural = _("Gebäude")
        ordering = ["property", "street", "house_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["property", "street", "house_number"], name="unique_building_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}"


class Unit(models.Model):
    """Mieteinheit: a flat, a commercial unit, a parking space."""

    class Kind(models.TextChoices):
        FLAT = "flat", _("Wohnung")
        COMMERCIAL = "commercial", _("Gewerbe")
        PARKING = "parking", _("Stellplatz")
        STORAGE = "storage", _("Abstellraum")

    building = models.ForeignKey(
        Building, on_delete=models.CASCADE, related_name="units", verbose_name=_("Gebäude")
    )
    number = models.CharField(_("Nummer"), max_length=30)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.FLAT)
    floor = models.CharField(_("Lage"), max_length=40, blank=True, help_text=_("z. B. 2. OG links"))
    rooms = models.DecimalField(_("Zimmer"), max_digits=3, decimal_places=1, null=True, blank=True)
    area = models.DecimalField(_("Wohnfläche (m²)"), max_digits=7, decimal_places=2, null=True, blank=True)
    external_id = external_id_field()

    class Meta:
        verbose_name = _("Mieteinheit")
        verbose_name_plural = _("Mieteinheiten")
        ordering = ["building", "number"]
        constraints = [models.UniqueConstraint(fields=["building", "number"], name="unique_unit_number")]

    def __str__(self) -> str:
        where = f"{self.building}, {self.floor}" if self.floor else str(self.building)
        return f"{where} ({self.number})"

    @property
    def property(self) -> Property:
        return self.building.property


class PartyQuerySet(models.QuerySet):
    def residents_of(self, property_id: int, *, on=None) -> "PartyQuerySet":
        """Everyone with a role at the property on the day `on` (today by default): tenants, owners, board
        members, caretakers; the other side of `Property.objects.of_party`."""
        first, *rest = (
            role.objects.current(on).at_property(property_id).values("party_id") for role in RESIDENT_ROLES
        )
        return self.filter(pk__in=first.union(*rest))


class Party(models.Model):
    """A person or a company we deal with: tenant, owner, board member, caretaker, complainant."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        COMPANY = "company", _("Firma")

    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    number = models.CharField(_("Personennummer"), max_length=30, unique=True, null=True, blank=True)
    salutation = models.CharField(_("Anrede"), max_length=30, blank=True)
    first_name = models.CharField(_("Vorname"), max_length=150, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=150, blank=True)
    company_name = models.CharField(_("Firma"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True, db_index=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    language = models.CharField(_("Sprache"), max_length=5, default="de", choices=settings.LANGUAGES)
    # Postal address where it is not the unit (owners living elsewhere, former tenants).
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    prefers_letters = models.BooleanField(_("Post per Brief"), default=False)
    email_bounced_at = models.DateTimeField(_("E-Mail unzustellbar seit"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party",
        verbose_name=_("Portalzugang"),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    external_id = external_id_field()

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Person / Firma")
        verbose_name_plural = _("Personen und Firmen")
        ordering = ["last_name", "first_name", "company_name"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="party_name_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == self.Kind.COMPANY:
            return self.company_name
        return " ".join(p for p in [self.first_name, self.last_name] if p) or self.company_name

    @property
    def wants_letters(self) -> bool:
        """Letters instead of e-mail: by choice, without an address, or after a bounce."""
        return self.prefers_letters or not self.email or self.email_bounced_at is not None


class RoleQuerySet(models.QuerySet):
    def current(self, on=None) -> "RoleQuerySet":
        """Roles that have begun and not yet ended on the day `on` (today by default); the end day counts."""
        day = on or timezone.localdate()
        return self.filter(Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day)))

    def at_property(self, property_id: int) -> "RoleQuerySet":
        return self.filter(**{self.model.property_path: property_id})

    def property_ids_of(self, party: Party, *, on=None) -> "RoleQuerySet":
        """The ids of the properties where the party holds this role on the day `on`, as a subquery."""
        return self.current(on).filter(party=party).values(self.model.property_path)


class RoleBase(models.Model):
    start = models.DateField(_("Beginn"))
    end = models.DateField(_("Ende"), null=True, blank=True)

    objects = RoleQuerySet.as_manager()

    property_path = "property_id"  # how a role reaches its property; a unit's role goes through the unit

    class Meta:
        abstract = True

    def is_current(self, on=None) -> bool:
        day = on or timezone.localdate()
        return self.start <= day and (self.end is None or self.end >= day)


class Tenancy(RoleBase):
    """Mietverhältnis."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="tenancies", verbose_name=_("Mieter")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="tenancies", verbose_name=_("Mieteinheit")
    )
    contract_number = models.CharField(_("Vertragsnummer"), max_length=40, blank=True)
    external_id = external_id_field()

    property_path = "unit__building__property_id"

    class Meta:
        verbose_name = _("Mietverhältnis")
        verbose_name_plural = _("Mietverhältnisse")
        ordering = ["-start"]
        indexes = [models.Index(fields=["party", "end"], name="tenancy_party_idx")]

    def __str__(self) -> str:
        return f"{self.party} – {self.unit}"


class Ownership(RoleBase):
    """Eigentum an einer Einheit (WEG-Verwaltung)."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="ownerships", verbose_name=_("Eigentümer")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="ownerships", verbose_name=_("Einheit")
    )
    share = models.CharField(_("Miteigentumsanteil"), max_length=40, blank=True)

    property_path = "unit__building__property_id"

    class Meta:
        verbose_name = _("Eigentum")
        verbose_name_plural = _("Eigentum")
        ordering = ["-start"]

    def __str__(self) -> str:
        return f"{self.party} – {self.unit}"


class BoardMembership(RoleBase):
    """Beirat: a member of a property's advisory board."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="board_memberships", verbose_name=_("Mitglied")
    )
    property = models.ForeignKey(
        Property, on_delete=models.CASCADE, related_name="board_memberships", verbose_name=_("Liegenschaft")
    )

    class Meta:
        verbose_name = _("Beiratsmitglied")
        verbose_name_plural = _("Beirat")
        ordering = ["-start"]

    def __str__(self) -> str:
        return f"{self.party} – {self.property}"


class CaretakerAssignment(RoleBase):
    """Hauswart: looks after a property and may report and update its tickets."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="caretaking", verbose_name=_("Hauswart")
    )
    property = models.ForeignKey(
        Property, on_delete=models.CASCADE, related_name="caretakers", verbose_name=_("Liegenschaft")
    )

    class Meta:
        verbose_name = _("Hauswart-Zuständigkeit")
        verbose_name_plural = _("Hauswart-Zuständigkeiten")
        ordering = ["-start"]

    def __str__(self) -> str:
        return f"{self.party} – {self.property}"


# The roles that tie a party to a property; each is a model above.
RESIDENT_ROLES = (Tenancy, Ownership, BoardMembership, CaretakerAssignment)


class Trade(models.Model):
    """Gewerk: plumbing, heating, electrics, ..."""

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=100)

    class Meta:
        verbose_name = _("Gewerk")
        verbose_name_plural = _("Gewerke")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contractor(models.Model):
    """Handwerker / Dienstleister: works on released tickets through signed links, without an account."""

    name = models.CharField(_("Firma"), max_length=200)
    trades = models.ManyToManyField(Trade, blank=True, related_name="contractors", verbose_name=_("Gewerke"))
    email = models.EmailField(_("E-Mail für Aufträge"))
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    emergency_phone = models.CharField(_("Notdienst"), max_length=40, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    external_id = external_id_field()

    class Meta:
        verbose_name = _("Handwerker / Dienstleister")
        verbose_name_plural = _("Handwerker und Dienstleister")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContractorContact(models.Model):
    contractor = models.ForeignKey(Contractor, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("Name"), max_length=200)
    role = models.CharField(_("Funktion"), max_length=100, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Ansprechpartner")
        verbose_name_plural = _("Ansprechpartner")

    def __str__(self) -> str:
        return self.name


class BankAccount(models.Model):
    """Bankverbindung. A change never overwrites: the old row gets `valid_until`, a new row is added."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="bank_accounts", verbose_name=_("Person")
    )
    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    holder = models.CharField(_("Kontoinhaber"), max_length=200)
    valid_from = models.DateTimeField(_("gültig ab"), default=timezone.now)
    valid_until = models.DateTimeField(_("gültig bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("Bankverbindung")
        verbose_name_plural = _("Bankverbindungen")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["party"], condition=Q(valid_until__isnull=True), name="one_current_bank_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder} {self.masked_iban}"

    def save(self, *args, **kwargs):
        self.iban = normalise_iban(self.iban)
        super().save(*args, **kwargs)

    @property
    def masked_iban(self) -> str:
        return mask_iban(self.iban)


def mask_iban(iban: str) -> str:
    """DE89 **** **** **** **30 00: enough to recognise, not enough to use."""
    iban = normalise_iban(iban)
    if len(iban) < 8:
        return "****"
    return f"{iban[:4]} **** **** **** **{iban[-4:-2]} {iban[-2:]}"


class NoticePostQuerySet(models.QuerySet):
    def current(self, now=None) -> "NoticePostQuerySet":
        now = now or timezone.now()
        return self.filter(Q(published_at__lte=now) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now)))

    def for_party(self, party: Party) -> "NoticePostQuerySet":
        """Notices for every property where the party has a current role, and those for all properties."""
        # A subquery, not a list: the page runs one query however many roles the party has.
        return self.filter(Q(property__isnull=True) | Q(property__in=Property.objects.of_party(party)))


class NoticePost(models.Model):
    """Aushang: a notice to the residents of one property (or of all), shown on the portal's notice board."""

    property = models.ForeignKey(
        Property,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("Liegenschaft"),
        help_text=_("Leer: für alle Liegenschaften."),
    )
    title = models.CharField(_("Überschrift"), max_length=200)
    body = models.TextField(_("Text"))
    published_at = models.DateTimeField(_("sichtbar ab"), default=timezone.now)
    expires_at = models.DateTimeField(_("sichtbar bis"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = NoticePostQuerySet.as_manager()

    class Meta:
        verbose_name = _("Aushang")
        verbose_name_plural = _("Aushänge")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["property", "published_at"], name="notice_property_idx")]

    def __str__(self) -> str:
        return self.title


def document_path(instance: "Document", filename: str) -> str:
    return f"documents/{instance.party_id}/{filename}"


class Document(models.Model):
    """A document for one party (Betriebskostenabrechnung, Mietbescheinigung), downloadable in the portal."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="documents", verbose_name=_("Person")
    )
    kind = models.CharField(
        _("Dokumentart"),
        max_length=40,
        blank=True,
        help_text=_("z. B. betriebskosten, wie am Katalog-Eintrag"),
    )
    title = models.CharField(_("Bezeichnung"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("Jahr"),
        null=True,
        blank=True,
        help_text=_("Das Jahr, für das es gilt (z. B. das Abrechnungsjahr); leer, wenn es keines hat."),
    )
    file = models.FileField(_("Datei"), upload_to=document_path, max_length=300)
    content_type = models.CharField(max_length=100, default="application/pdf")
    created_at = models.DateTimeField(_("bereitgestellt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["party", "created_at"], name="document_party_idx")]

    def __str__(self) -> str:
        return self.title


class IbanAccess(models.Model):
    """Every time staff are shown a full IBAN: who, when, whose, and on which change request."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("Benutzer")
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="iban_accesses", verbose_name=_("Person")
    )
    change_request = models.ForeignKey(
        "tickets.ChangeRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="iban_accesses",
        verbose_name=_("Änderungsantrag"),
    )
    purpose = models.CharField(_("Anlass"), max_length=100, blank=True)
    accessed_at = models.DateTimeField(_("angesehen am"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("IBAN-Einsicht")
        verbose_name_plural = _("IBAN-Einsichten")
        ordering = ["-accessed_at", "-id"]

    PURPOSE_APPROVAL = "Freigabe Bankverbindung"
    PURPOSE_PERSON = "Personenansicht"
    PURPOSE_TICKET = "Angaben einer Meldung"

    def __str__(self) -> str:
        return f"{self.user} → {self.party} {self.accessed_at:%d.%m.%Y %H:%M}"

    @classmethod
    def record(cls, *, user, party_id: int, purpose: str, change_request=None) -> "IbanAccess":
        """The one place a full IBAN shown to staff is logged: DESIGN.md wants every look recorded."""
        return cls.objects.create(
            user=user, party_id=party_id, change_request=change_request, purpose=purpose
        )
