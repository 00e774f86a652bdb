"""Errors a ticket change can raise; each carries a message for the person who caused it."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class TicketError(Exception):
    default_message = _("Diese Änderung ist nicht möglich.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class TransitionNotAllowed(TicketError):
    default_message = _("Dieser Statuswechsel ist nicht erlaubt.")


class NotPermitted(PermissionDenied):
    """The actor may not do this at all, whatever they enter: nothing to explain on a form. Django answers
    it like every other refusal, with our 404 page, so a view need not catch it."""


class ReasonRequired(TicketError):
    default_message = _("Bitte geben Sie eine Begründung an.")


class StaleTicket(TicketError):
    """Someone else saved the ticket since it was loaded: optimistic locking refuses a silent overwrite."""

    default_message = _("Die Meldung wurde in der Zwischenzeit geändert. Bitte laden Sie sie neu.")


class InvalidTicket(TicketError):
    default_message = _("Die Angaben zur Meldung sind nicht vollständig.")


class AttachmentNotStored(TicketError):
    """The storage failed while writing a file: nothing the person did, so nothing of the change is kept
    and they may simply send it again."""

    default_message = _("Die Datei konnte nicht gespeichert werden. Bitte versuchen Sie es noch einmal.")
