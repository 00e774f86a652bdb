"""Beobachter: colleagues involved in a ticket besides its assignee, who hear what the assignee hears."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Watcher(models.Model):
    """Beobachter/in: a colleague who follows a ticket (added by hand or by an @-mention in a note)."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="watchers", verbose_name=_("Meldung")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="watching",
        verbose_name=_("Kollegin/Kollege"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("seit"), default=timezone.now)

    class Meta:
        verbose_name = _("Beobachter/in")
        verbose_name_plural = _("Beobachter/innen")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["ticket", "user"], name="watcher_once_per_ticket")]

    def __str__(self) -> str:
        return str(self.user)
