"""What a contract change refuses, with the message the tenant or the case worker reads."""

from django.utils.translation import gettext_lazy as _

from processes.errors import ProcessError


class NoTenancy(ProcessError):
    default_message = _("Für Sie ist kein laufender Mietvertrag hinterlegt.")


class ChangePending(ProcessError):
    default_message = _("Für diesen Mietvertrag wartet bereits eine solche Änderung auf Freigabe.")


class ChangeClosed(ProcessError):
    default_message = _("Über diese Vertragsänderung wurde bereits entschieden.")


class ConsentMissing(ProcessError):
    default_message = _("Erst wenn alle Beteiligten zugestimmt haben, kann die Änderung freigegeben werden.")


class ConsentRefused(ProcessError):
    default_message = _("Nicht alle Beteiligten haben zugestimmt. Die Änderung kann nur abgelehnt werden.")


class WrongPerson(ProcessError):
    default_message = _("Diese Person ist nicht Mieter/in dieses Mietvertrags.")


class LastTenant(ProcessError):
    default_message = _(
        "Mindestens eine Mieterin oder ein Mieter muss im Vertrag bleiben. Soll der Vertrag enden, "
        "kündigen Sie ihn bitte."
    )


class AlreadyTenant(ProcessError):
    default_message = _("Diese Person ist bereits Mieter/in dieses Mietvertrags.")


class DateInPast(ProcessError):
    default_message = _("Das Datum darf nicht in der Vergangenheit liegen.")
