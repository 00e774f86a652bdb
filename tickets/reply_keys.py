"""The key a reply form is sent with, so that the same reply sent twice is one message.

The same rule as a report's send key (tickets.report_keys, tickets.resend): a hidden key made when the
form is shown, one row per author and key holding a digest of what was sent; sent again with the same
content it answers the message made the first time, with other content it is refused."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReplyKey(models.Model):
    """Sendeschlüssel einer Nachricht: the key a reply form carried, unique per author."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("Verfasser/in")
    )
    key = models.UUIDField(_("Schlüssel"))
    fingerprint = models.CharField(_("Prüfsumme"), max_length=64)
    message = models.OneToOneField(
        "tickets.Message", on_delete=models.CASCADE, related_name="reply_key", verbose_name=_("Nachricht")
    )
    created_at = models.DateTimeField(_("gesendet am"), default=timezone.now)

    class Meta:
        verbose_name = _("Sendeschlüssel einer Nachricht")
        verbose_name_plural = _("Sendeschlüssel von Nachrichten")
        constraints = [models.UniqueConstraint(fields=["author", "key"], name="replykey_once_per_author")]

    def __str__(self) -> str:
        return str(self.key)
