"""Steps with a form of their own: a step that needs data only its own page asks for (the day and amount a
payment came in) is refused by processes.engine.complete without that data, so no generic button ends it
with nothing; the generic process pages show the way to that page instead. Apps declare theirs at start-up
(AppConfig.ready) with `declare`."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .errors import ProcessError
from .models import ProcessStep


class StepNeedsOwnForm(ProcessError):
    default_message = _(
        "Dieser Schritt braucht eigene Angaben. Bitte erledigen Sie ihn auf seiner eigenen Seite."
    )


@dataclass(frozen=True)
class OwnForm:
    needs: tuple[str, ...]  # keys the step's data must carry, each not empty
    staff_page: str = ""  # URL name of the staff's page, reversed with the ticket's reference


_declared: dict[tuple[str, str], OwnForm] = {}


def declare(template_code: str, step_code: str, *, needs: tuple[str, ...], staff_page: str = "") -> None:
    _declared[(template_code, step_code)] = OwnForm(needs=tuple(needs), staff_page=staff_page)


def own_form(process, step: ProcessStep) -> OwnForm | None:
    return _declared.get((process.template.code, step.template.code))


def check(process, step: ProcessStep, data: dict) -> None:
    """Raises StepNeedsOwnForm when the step has a form of its own and `data` lacks what it asks."""
    form = own_form(process, step)
    if form is not None and any(data.get(key) in (None, "") for key in form.needs):
        raise StepNeedsOwnForm()


def staff_page_url(process, step: ProcessStep) -> str:
    form = own_form(process, step)
    return reverse(form.staff_page, args=[process.ticket.reference]) if form and form.staff_page else ""
