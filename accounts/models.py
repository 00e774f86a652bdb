"""Who signs in: staff with a password, residents by magic link (their User is tied to a Party)."""

import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    email = models.EmailField(_("E-Mail"), blank=True, db_index=True)
    language = models.CharField(_("Sprache"), max_length=5, default="de")
    signature = models.TextField(_("Signatur"), blank=True)
    mail_footer = models.TextField(
        _("E-Mail-Fußzeile"),
        blank=True,
        help_text=_("Unter Antworten an Mieter; leer: die des Teams, sonst die der Firma."),
    )
    wants_digest = models.BooleanField(
        _("Tägliche Zusammenfassung"), default=False, help_text=_("Statt einzelner E-Mails einmal am Tag.")
    )

    # Part of the secret address of the user's calendar feed; a new value voids every old address.
    feed_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def rotate_feed_key(self) -> None:
        self.feed_key = secrets.token_hex(16)
        self.save(update_fields=["feed_key"])

    def absence_on(self, when=None) -> "Absence | None":
        """The absence covering `when` (now by default), if the user is away then."""
        day = timezone.localdate(when) if when else timezone.localdate()
        return self.absences.filter(starts_on__lte=day, ends_on__gte=day).first()


class Absence(models.Model):
    """Abwesenheit: while a case worker is away, new work goes to the deputy."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="absences", verbose_name=_("Benutzer")
    )
    starts_on = models.DateField(_("von"))
    ends_on = models.DateField(_("bis"))
    deputy = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputising",
        verbose_name=_("Vertretung"),
    )
    note = models.CharField(_("Notiz"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Abwesenheit")
        verbose_name_plural = _("Abwesenheiten")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"


class MagicLink(models.Model):
    """Anmeldelink: a one-time sign-in link for a resident. Only the token's SHA-256 hash is kept, so a
    copy of the database cannot be used to sign in."""

    party = models.ForeignKey(
        "estate.Party", on_delete=models.CASCADE, related_name="magic_links", verbose_name=_("Person")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # The address the link went to: once the party's e-mail changes, the link is void.
    email = models.EmailField(_("gesendet an"))
    created_at = models.DateTimeField(_("angefordert"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"))
    used_at = models.DateTimeField(_("benutzt"), null=True, blank=True)
    voided_at = models.DateTimeField(_("ersetzt"), null=True, blank=True)

    class Meta:
        verbose_name = _("Anmeldelink")
        verbose_name_plural = _("Anmeldelinks")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["party", "used_at", "voided_at"], name="magiclink_party_idx")]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%d.%m.%Y %H:%M}"
