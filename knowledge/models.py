"""Help articles (Hilfe & FAQ) with their audience, category, publishing window and catalog items, the
"that helped" clicks that stood in for a report, and the legal texts every footer links to."""

import datetime as dt

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogs.models import CatalogItem, Translated

from .sanitize import safe_html


def _in_language(obj: models.Model, field: str) -> str:
    """The field in the active language, German where that one is empty."""
    lang = (get_language() or "de")[:2]
    return getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_de")


class Audience(models.TextChoices):
    TENANTS = "tenants", _("Mieter und Bewohner")
    STAFF = "staff", _("Mitarbeitende")
    CONTRACTORS = "contractors", _("Handwerksbetriebe")


class ArticleCategory(Translated):
    """Rubrik of the help pages, e.g. Heizung und Wasser."""

    slug = models.SlugField(_("Kürzel"), max_length=60, unique=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Artikel-Rubrik")
        verbose_name_plural = _("Artikel-Rubriken")
        ordering = ["position", "name_de"]


class ArticleQuerySet(models.QuerySet):
    def published(self, *, at: dt.datetime | None = None) -> "ArticleQuerySet":
        """Published by now and not yet archived: the only articles any reader outside the admin sees."""
        at = at or timezone.now()
        return self.filter(published_at__lte=at).filter(Q(archived_at=None) | Q(archived_at__gt=at))

    def for_audience(self, audience: str) -> "ArticleQuerySet":
        return self.filter(audience=audience)

    def for_tenants(self) -> "ArticleQuerySet":
        return self.published().for_audience(Audience.TENANTS)

    def for_item(self, item: CatalogItem | int) -> "ArticleQuerySet":
        return self.filter(items=item)

    def search(self, text: str) -> "ArticleQuerySet":
        """Articles matching `text`, best first (German full text on PostgreSQL)."""
        from .search import search_articles

        return search_articles(self, text)


class Article(models.Model):
    """Hilfe-Artikel: a short answer to a common question, in German, English and Dutch."""

    audience = models.CharField(
        _("Zielgruppe"), max_length=20, choices=Audience.choices, default=Audience.TENANTS
    )
    category = models.ForeignKey(
        ArticleCategory, on_delete=models.PROTECT, related_name="articles", verbose_name=_("Rubrik")
    )
    slug = models.SlugField(_("Adresse"), max_length=80, unique=True)
    title_de = models.CharField(_("Titel (Deutsch)"), max_length=200)
    title_en = models.CharField(_("Titel (Englisch)"), max_length=200, blank=True)
    title_nl = models.CharField(_("Titel (Niederländisch)"), max_length=200, blank=True)
    summary_de = models.CharField(_("Kurzfassung (Deutsch)"), max_length=300, blank=True)
    summary_en = models.CharField(_("Kurzfassung (Englisch)"), max_length=300, blank=True)
    summary_nl = models.CharField(_("Kurzfassung (Niederländisch)"), max_length=300, blank=True)
    body_de = models.TextField(
        _("Text (Deutsch)"),
        help_text=_("HTML: Überschriften (h2–h4), Absätze, Listen, Links, Tabellen, Bilder dieser Website."),
    )
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    body_nl = models.TextField(_("Text (Niederländisch)"), blank=True)
    items = models.ManyToManyField(
        CatalogItem,
        blank=True,
        related_name="articles",
        verbose_name=_("Katalogeinträge"),
        help_text=_("Der Meldeassistent zeigt den Artikel, bevor jemand diesen Eintrag meldet."),
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    published_at = models.DateTimeField(
        _("veröffentlicht ab"), null=True, blank=True, help_text=_("Leer: Entwurf, niemand sieht ihn.")
    )
    archived_at = models.DateTimeField(_("archiviert ab"), null=True, blank=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)
    # Filled by knowledge.search.refresh_search_vectors; the GIN index exists on PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hilfe-Artikel")
        verbose_name_plural = _("Hilfe-Artikel")
        ordering = ["category__position", "position", "title_de"]
        indexes = [models.Index(fields=["audience", "published_at"], name="article_audience_idx")]

    def __str__(self) -> str:
        return self.title_de

    def clean(self) -> None:
        if self.published_at and self.archived_at and self.archived_at <= self.published_at:
            raise ValidationError(
                {"archived_at": _("Das Archivdatum muss nach der Veröffentlichung liegen.")}
            )

    @property
    def title(self) -> str:
        return _in_language(self, "title")

    @property
    def summary(self) -> str:
        return _in_language(self, "summary")

    @property
    def body_html(self) -> SafeString:
        return safe_html(_in_language(self, "body"))

    def is_published(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        started = self.published_at is not None and self.published_at <= at
        return started and (self.archived_at is None or self.archived_at > at)


class ArticleHelped(models.Model):
    """One "Das hat geholfen" in the report wizard: a report nobody had to write. Kept without the
    person, so it needs no retention rule and the count stays when tenants are anonymised."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="helped", verbose_name=_("Artikel")
    )
    item = models.ForeignKey(
        CatalogItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Katalogeintrag"),
    )
    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("„Das hat geholfen“")
        verbose_name_plural = _("„Das hat geholfen“")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.article} ({self.at:%Y-%m-%d})"


class LegalText(models.Model):
    """Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit: one row each, edited in the admin."""

    class Kind(models.TextChoices):
        IMPRINT = "imprint", _("Impressum")
        PRIVACY = "privacy", _("Datenschutzerklärung")
        ACCESSIBILITY = "accessibility", _("Erklärung zur Barrierefreiheit")

    kind = models.CharField(_("Seite"), max_length=20, choices=Kind.choices, unique=True)
    body_de = models.TextField(
        _("Text (Deutsch)"), help_text=_("HTML: Überschriften, Absätze, Listen, Links.")
    )
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    body_nl = models.TextField(_("Text (Niederländisch)"), blank=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Rechtstext")
        verbose_name_plural = _("Rechtstexte")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def body_html(self) -> SafeString:
        return safe_html(_in_language(self, "body"))
