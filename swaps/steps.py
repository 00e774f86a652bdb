"""The behaviour of the swap's steps: whichever page or task moves the process through processes.engine,
the pre-checks run when their step starts, and a partner's home that is not ours is not inspected
(connected at start-up)."""

from processes import engine
from processes.models import Process, ProcessStep
from processes.signals import step_started
from tickets.actors import Actor

from . import checks
from .models import HomeSwap
from .standard import TEMPLATE

PARTNER_STEPS = ("partner_home_appointment", "partner_home_inspection")


def on_step_started(sender, *, process: Process, step: ProcessStep, **kwargs) -> None:
    if process.template.code != TEMPLATE:
        return
    code = step.template.code
    if code == "pre_checks":
        swap = HomeSwap.objects.select_related("applicant", "partner", "applicant_unit", "partner_unit").get(
            process=process
        )
        checks.check_all(swap)
    elif code in PARTNER_STEPS:
        outside = (
            HomeSwap.objects.filter(process=process).values_list("partner_is_outside", flat=True).first()
        )
        if outside:
            engine.skip(process, code, actor=Actor.system(), reason="Wohnung nicht in unserem Bestand.")


def connect() -> None:
    step_started.connect(on_step_started, sender=ProcessStep, dispatch_uid="swaps.step_started")
