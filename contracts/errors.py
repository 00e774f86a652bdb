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
    default_message = _("Diese Person gehört nicht zu den Mietparteien dieses Mietvertrags.")


class LastTenant(ProcessError):
    default_message = _(
        "Mindestens eine Mieterin oder ein Mieter muss im Vertrag bleiben. Soll der Vertrag enden, "
        "kündigen Sie ihn bitte."
    )


class AlreadyTenant(ProcessError):
    default_message = _("Diese Person ist bereits Mietpartei dieses Mietvertrags.")


class EmailTaken(ProcessError):
    """The e-mail address of the person moving in is a person of ours with another name: never a second
    person for one address (the tenant is not told whose it is; staff are, and may enter it as stored)."""

    default_message = _(
        "Zu dieser E-Mail-Adresse ist bei uns eine Person mit anderem Namen hinterlegt. Bitte prüfen Sie "
        "Name und E-Mail-Adresse; bei Fragen helfen wir Ihnen gern."
    )


class DateInPast(ProcessError):
    default_message = _("Das Datum darf nicht in der Vergangenheit liegen.")
