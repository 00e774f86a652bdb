"""What can be reported (category -> group -> item), who handles it, and which contractor gets it."""

import builtins

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogs.vera import DEFECT_LOCATIONS
from estate.models import CaretakerAssignment, Contractor, Party, Property, PropertyFeature, Team


class Priority(models.TextChoices):
    EMERGENCY = "emergency", _("Notfall")
    HIGH = "high", _("Dringend")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Niedrig")


class Translated(models.Model):
    """Tenant wording in German, English and Dutch; `label` picks the active language, German as fallback."""

    name_de = models.CharField(_("Bezeichnung (Deutsch)"), max_length=200)
    name_en = models.CharField(_("Bezeichnung (Englisch)"), max_length=200, blank=True)
    name_nl = models.CharField(_("Bezeichnung (Niederländisch)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        # Selects, the admin and every "{{ ticket.category }}" show the name the reader can read.
        return self.label

    @property
    def label(self) -> str:
        lang = (get_language() or "de")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_de


class Category(Translated):
    """Art der Meldung: Schaden, Beschwerde, Nachbarschaftsstörung, Vertragsanliegen, Allgemein."""

    class Kind(models.TextChoices):
        DAMAGE = "damage", _("Schaden")
        COMPLAINT = "complaint", _("Beschwerde")
        NUISANCE = "nuisance", _("Nachbarschaftsstörung")
        TENANCY = "tenancy", _("Vertragsanliegen")
        GENERAL = "general", _("Allgemeines Anliegen")

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    allows_public = models.BooleanField(
        _("öffentlich möglich"),
        default=False,
        help_text=_("Mieter dürfen Meldungen dieser Art öffentlich machen."),
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")
        ordering = ["position", "name_de"]


class CatalogGroup(Translated):
    """First catalog level, e.g. Sanitär."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="groups", verbose_name=_("Kategorie")
    )
    code = models.SlugField(_("Kürzel"), max_length=40)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Katalog-Gruppe")
        verbose_name_plural = _("Katalog-Gruppen")
        ordering = ["category__position", "position", "name_de"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="unique_group_code")]


class DocumentDelivery(models.TextChoices):
    NONE = "", _("kein Dokument")
    STAFF = "staff", _("Sachbearbeitung druckt und versendet")
    BATCH = "batch", _("Nächtlicher Druckstapel")
    DOWNLOAD = "download", _("Sofort-Download, falls vorhanden")


class CatalogItemQuerySet(models.QuerySet):
    def for_property(self, prop: Property) -> "CatalogItemQuerySet":
        """Items a tenant at this property may pick: active, selectable, every required feature present."""
        missing = PropertyFeature.objects.exclude(properties=prop)
        return self.filter(active=True, tenant_selectable=True, group__active=True).exclude(
            required_features__in=missing
        )


class CatalogItem(Translated):
    """Second catalog level, e.g. WC-Spülung defekt, with its priority, times and extra questions."""

    group = models.ForeignKey(
        CatalogGroup, on_delete=models.PROTECT, related_name="items", verbose_name=_("Gruppe")
    )
    code = models.CharField(_("Code (intern)"), max_length=40, unique=True)
    staff_label = models.CharField(_("Bezeichnung intern"), max_length=200, blank=True)
    hint_de = models.TextField(_("Hinweis für Mieter (Deutsch)"), blank=True)
    hint_en = models.TextField(_("Hinweis für Mieter (Englisch)"), blank=True)
    hint_nl = models.TextField(_("Hinweis für Mieter (Niederländisch)"), blank=True)
    default_priority = models.CharField(
        _("Priorität"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    respond_within_hours = models.PositiveIntegerField(
        _("Reaktionszeit (Std.)"), null=True, blank=True, help_text=_("Leer: Vorgabe der Priorität.")
    )
    resolve_within_hours = models.PositiveIntegerField(
        _("Erledigungszeit (Std.)"), null=True, blank=True, help_text=_("Leer: Vorgabe der Priorität.")
    )
    required_features = models.ManyToManyField(
        PropertyFeature,
        blank=True,
        related_name="catalog_items",
        verbose_name=_("nur bei Ausstattung"),
        help_text=_("Nur Liegenschaften mit allen diesen Merkmalen bieten den Eintrag an."),
    )
    tenant_selectable = models.BooleanField(_("für Mieter wählbar"), default=True)
    allows_public = models.BooleanField(_("öffentlich möglich"), default=False)
    requires_photo = models.BooleanField(_("Foto erforderlich"), default=False)
    document_delivery = models.CharField(
        _("Dokumentenversand"), max_length=10, choices=DocumentDelivery.choices, default="", blank=True
    )
    document_kind = models.CharField(
        _("Dokumentart"), max_length=40, blank=True, help_text=_("z. B. betriebskosten für Sofort-Download")
    )
    change_request_kind = models.CharField(
        _("Änderungsantrag"),
        max_length=20,
        blank=True,
        help_text=_("Legt einen Änderungsantrag an, den die Sachbearbeitung freigibt (z. B. bank_account)."),
    )
    # The same defect in the VERA standard's code lists, sent beside our own codes by the exchange API.
    vera_defect_location = models.CharField(
        _("VERA-Defektort"),
        max_length=3,
        blank=True,
        choices=DEFECT_LOCATIONS,
        help_text=_("VERA-Liste DEFECTLOCATIE, z. B. BAD (Badkamer / doucheruimte)."),
    )
    vera_defect_kind = models.CharField(
        _("VERA-Defektart"),
        max_length=3,
        blank=True,
        help_text=_("Code der VERA-Liste DEFECTSOORT, z. B. BRE (Breuk / scheur)."),
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    objects = CatalogItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("Katalog-Eintrag")
        verbose_name_plural = _("Katalog-Einträge")
        ordering = ["group__category__position", "group__position", "position", "name_de"]

    @property
    def hint(self) -> str:
        lang = (get_language() or "de")[:2]
        return getattr(self, f"hint_{lang}", "") or self.hint_de

    @property
    def category(self) -> Category:
        return self.group.category

    @property
    def may_be_public(self) -> bool:
        """Whether a report of this item may be made public: the item and its category must both allow it."""
        return self.allows_public and self.group.category.allows_public


class ExtraField(models.Model):
    """One extra question a catalog item asks the reporter (e.g. IBAN and account holder)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        LONG_TEXT = "long_text", _("Langer Text")
        CHOICE = "choice", _("Auswahl")
        DATE = "date", _("Datum")
        NUMBER = "number", _("Zahl")
        IBAN = "iban", _("IBAN")
        YES_NO = "yes_no", _("Ja/Nein")

    item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="extra_fields")
    key = models.SlugField(_("Schlüssel"), max_length=40)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    label_de = models.CharField(_("Frage (Deutsch)"), max_length=200)
    label_en = models.CharField(_("Frage (Englisch)"), max_length=200, blank=True)
    label_nl = models.CharField(_("Frage (Niederländisch)"), max_length=200, blank=True)
    choices = models.TextField(_("Auswahlwerte"), blank=True, help_text=_("Ein Wert je Zeile."))
    required = models.BooleanField(_("Pflichtfeld"), default=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Zusatzfrage")
        verbose_name_plural = _("Zusatzfragen")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "key"], name="unique_extra_field_key")]

    def __str__(self) -> str:
        return self.label_de

    def clean(self) -> None:
        if self.kind == self.Kind.CHOICE and not self.choice_list:
            raise ValidationError({"choices": _("Eine Auswahl braucht mindestens einen Wert.")})

    @property
    def label(self) -> str:
        lang = (get_language() or "de")[:2]
        return getattr(self, f"label_{lang}", "") or self.label_de

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class ScopedRule(models.Model):
    """A rule that applies to a property (or all) and a part of the catalog (item, group, category or all)."""

    property = models.ForeignKey(
        Property,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("Liegenschaft"),
        help_text=_("Leer: alle Liegenschaften."),
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("Kategorie")
    )
    group = models.ForeignKey(
        CatalogGroup, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("Gruppe")
    )
    item = models.ForeignKey(
        CatalogItem, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("Eintrag")
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        if sum(x is not None for x in (self.category_id, self.group_id, self.item_id)) > 1:
            raise ValidationError(_("Bitte nur eines wählen: Kategorie, Gruppe oder Eintrag."))

    @builtins.property  # the field "property" shadows the builtin here
    def scope_label(self) -> str:
        what = self.item or self.group or self.category or _("alles")
        where = self.property or _("alle Liegenschaften")
        return f"{what} @ {where}"

    @classmethod
    def matching(cls, *, prop: Property, item: CatalogItem):
        """Active rules that cover this property and item, most specific first.

        Specificity: what is more specific than where. An item beats a group, a group a category, a
        category "all"; at the same level a rule for this property beats one for all properties.
        """
        rules = cls.objects.filter(
            Q(property=prop) | Q(property__isnull=True),
            Q(item=item)
            | Q(item__isnull=True, group=item.group_id)
            | Q(item__isnull=True, group__isnull=True, category=item.group.category_id)
            | Q(item__isnull=True, group__isnull=True, category__isnull=True),
            active=True,
        )

        def specificity(rule) -> tuple[int, int, int]:
            level = 3 if rule.item_id else 2 if rule.group_id else 1 if rule.category_id else 0
            return (level, 1 if rule.property_id else 0, -rule.pk)

        return sorted(rules, key=specificity, reverse=True)


class Responsibility(ScopedRule):
    """Zuständigkeit: who handles what, where. The most specific row wins."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="responsibilities", verbose_name=_("Team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("Sachbearbeitung"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy_responsibilities",
        verbose_name=_("Vertretung"),
        help_text=_("Übernimmt, solange die Sachbearbeitung abwesend ist."),
    )

    class Meta:
        verbose_name = _("Zuständigkeit")
        verbose_name_plural = _("Zuständigkeiten")

    def __str__(self) -> str:
        return f"{self.scope_label} → {self.user or self.team}"


class WorkflowRule(ScopedRule):
    """Which contractor or caretaker (Hauswart) gets what, and whether the work is released without a
    case worker."""

    contractor = models.ForeignKey(
        Contractor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workflow_rules",
        verbose_name=_("Handwerker"),
    )
    caretaker = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workflow_rules",
        verbose_name=_("Hauswart"),
        help_text=_("Statt eines Handwerkers: ein Hauswart, der die Liegenschaft derzeit betreut."),
    )
    auto_release = models.BooleanField(
        _("automatisch freigeben"),
        default=False,
        help_text=_("Der Auftrag geht ohne Prüfung an den Handwerker."),
    )
    contractor_may_progress = models.BooleanField(_("Handwerker meldet Beginn und Erledigung"), default=True)

    class Meta:
        verbose_name = _("Workflow-Regel")
        verbose_name_plural = _("Workflow-Regeln")
        constraints = [
            models.CheckConstraint(
                condition=Q(contractor__isnull=False) ^ Q(caretaker__isnull=False),
                name="workflow_rule_one_worker",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_label} → {self.contractor or self.caretaker}"

    def clean(self) -> None:
        super().clean()
        if (self.contractor_id is None) == (self.caretaker_id is None):
            raise ValidationError(_("Bitte genau eines wählen: Handwerker oder Hauswart."))
        if self.caretaker_id and not self._caretaker_looks_after_the_place():
            raise ValidationError(
                {"caretaker": _("Diese Person betreut derzeit keine Liegenschaft als Hauswart.")}
            )

    def _caretaker_looks_after_the_place(self) -> bool:
        assignments = CaretakerAssignment.objects.current().filter(party_id=self.caretaker_id)
        if self.property_id:
            assignments = assignments.filter(property_id=self.property_id)
        return assignments.exists()
