"""Errors a process change can raise; each carries a message for the person who caused it. They are
ticket errors, so a view that already answers TicketError (and StaleTicket) answers these too."""

from django.utils.translation import gettext_lazy as _

from tickets.errors import StaleTicket, TicketError


class ProcessError(TicketError):
    default_message = _("Dieser Schritt ist nicht möglich.")


class StepNotActive(ProcessError):
    default_message = _("Dieser Schritt ist gerade nicht an der Reihe.")


class StepNotAllowed(ProcessError):
    default_message = _("Diesen Schritt dürfen Sie nicht ausführen.")


class OutcomeRequired(ProcessError):
    default_message = _("Bitte wählen Sie ein Ergebnis.")


class ProcessEnded(ProcessError):
    default_message = _("Der Vorgang ist bereits beendet.")


class ProcessNotStartable(ProcessError):
    default_message = _("Dieser Vorgang kann so nicht begonnen werden.")


class StaleProcess(StaleTicket):
    default_message = _("Der Vorgang wurde in der Zwischenzeit geändert. Bitte laden Sie ihn neu.")
