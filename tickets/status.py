"""The five statuses (DIN SPEC 77008 names) and which moves each role may make."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OPEN = "open", _("Offen")
    RELEASED = "released", _("Freigegeben")
    IN_PROGRESS = "in_progress", _("In Bearbeitung")
    DONE = "done", _("Erledigt")
    REJECTED = "rejected", _("Abgelehnt")

    @classmethod
    def active(cls) -> set[str]:
        return {cls.OPEN, cls.RELEASED, cls.IN_PROGRESS}

    @classmethod
    def closed(cls) -> set[str]:
        return {cls.DONE, cls.REJECTED}


# Staff may make every move here; a done or rejected ticket can be reopened.
STAFF_MOVES: dict[str, set[str]] = {
    Status.OPEN: {Status.RELEASED, Status.IN_PROGRESS, Status.DONE, Status.REJECTED},
    Status.RELEASED: {Status.OPEN, Status.IN_PROGRESS, Status.DONE, Status.REJECTED},
    Status.IN_PROGRESS: {Status.RELEASED, Status.DONE, Status.REJECTED},
    Status.DONE: {Status.OPEN},
    Status.REJECTED: {Status.OPEN},
}

# Whoever does the work (a contractor or caretaker the ticket is released to) only moves it forward.
WORKER_MOVES: dict[str, set[str]] = {
    Status.RELEASED: {Status.IN_PROGRESS},
    Status.IN_PROGRESS: {Status.DONE},
}
