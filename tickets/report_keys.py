"""The key a portal report is sent with, so that the same report sent twice makes one ticket.

A phone in a cellar may send a report, lose the answer, and send it again when it is online; the second
copy finds the ticket the first one made (tickets.resend)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportKey(models.Model):
    """Sendeschlüssel: the key the report form carried, unique per reporter, and what was sent under it."""

    reporter = models.ForeignKey(
        "estate.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("Meldende Person")
    )
    key = models.UUIDField(_("Schlüssel"))
    # A digest of what was sent: the same key with other content is refused, not answered with a ticket
    # that does not say what the person sent this time.
    fingerprint = models.CharField(_("Prüfsumme"), max_length=64)
    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="report_key", verbose_name=_("Meldung")
    )
    created_at = models.DateTimeField(_("gesendet am"), default=timezone.now)

    class Meta:
        verbose_name = _("Sendeschlüssel")
        verbose_name_plural = _("Sendeschlüssel")
        constraints = [
            models.UniqueConstraint(fields=["reporter", "key"], name="reportkey_once_per_reporter")
        ]

    def __str__(self) -> str:
        return str(self.key)
