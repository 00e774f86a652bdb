"""Process mails: see notifications/process_mail/__init__.py. Inspections (Begehungen):

- times offered for the tenants' appointment step: they are invited to choose one in the portal (once
  per step, however many times are offered);
- an appointment step completed by a booking: the tenants hear the date and who comes;
- an inspection step completed with its signed protocol: the tenants get the PDF (the protocol is the
  file of the ticket message processes.inspection_work wrote, so the e-mail carries it)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from processes import inspections
from processes.access import tenants_of
from processes.inspection_models import Inspection
from processes.models import ProcessStep, Role, StepKind
from processes.signals import step_completed

from ..recipients import absolute, for_party, tell


def _tell_tenants(process, *, kind: str, key: str, compose, message=None) -> None:
    """Each tenant of the process, with the link to their times and protocols in the portal."""
    link = absolute(reverse("portal:inspection_booking", args=[process.ticket.reference]))
    for party in tenants_of(process):
        tell(
            for_party(party),
            kind=kind,
            key=key,
            ticket=process.ticket,
            compose=compose,
            message=message,
            link=link,
            link_label=lambda: _("Termine und Protokolle im Mieterportal"),
        )


def on_step_completed(sender, *, process, step: ProcessStep, **kwargs) -> None:
    kind = step.template.kind
    if kind == StepKind.APPOINTMENT:
        _slot_booked(process, step)
    elif kind == StepKind.INSPECTION:
        _protocol_signed(process, step)


def _slot_booked(process, step: ProcessStep) -> None:
    slot = inspections.booked_slot(process, step.template.code)
    if slot is None:
        return
    following = inspections.inspection_after(process, step.template.code)
    inspector = slot.inspector.get_full_name() or str(slot.inspector)
    place = inspections.place_of(process, step.template.code)

    def compose() -> tuple[str, list[str]]:
        title = following.label if following else step.template.label
        return _("Ihr Termin: %(title)s") % {"title": title}, [
            _("Ihr Termin ist gebucht: %(when)s.") % {"when": inspections.when_text(slot)},
            _("Wohnung: %(place)s") % {"place": place.text},
            _("Die Abnahme macht %(name)s. Bitte seien Sie anwesend und halten Sie alle Schlüssel bereit.")
            % {"name": inspector},
            _("Wenn Sie den Termin nicht wahrnehmen können, melden Sie sich bitte bei uns."),
        ]

    _tell_tenants(process, kind="inspection_booked", key=str(slot.pk), compose=compose)


def _protocol_signed(process, step: ProcessStep) -> None:
    inspection = Inspection.objects.filter(step=step).select_related("document__message").first()
    if inspection is None or inspection.document is None:
        return
    place = inspections.place_of(process, step.template.code)

    def compose() -> tuple[str, list[str]]:
        return _("Ihr Protokoll: %(title)s") % {"title": step.template.label}, [
            _("anbei erhalten Sie das von Ihnen und uns unterschriebene Protokoll der Begehung als PDF."),
            _("Wohnung: %(place)s") % {"place": place.text},
            _("Bitte beseitigen Sie die Ihnen zugeordneten Mängel bis zur genannten Frist."),
        ]

    _tell_tenants(
        process,
        kind="inspection_protocol",
        key=str(inspection.pk),
        compose=compose,
        message=inspection.document.message,
    )


def on_slot_offered(sender, *, process, slot, **kwargs) -> None:
    step = (
        ProcessStep.objects.filter(process=process, template__code=slot.step_code)
        .select_related("template")
        .order_by("-id")
        .first()
    )
    if step is None or step.state != ProcessStep.State.ACTIVE or step.template.actor not in Role.residents():
        return  # not the tenants' turn yet: they are invited when it is (or staff book by phone)
    place = inspections.place_of(process, slot.step_code)

    def compose() -> tuple[str, list[str]]:
        return _("Bitte wählen Sie Ihren Termin: %(title)s") % {"title": step.template.label}, [
            _("für die Begehung Ihrer Wohnung bieten wir Ihnen Termine an."),
            _("Wohnung: %(place)s") % {"place": place.text},
            _("Bitte wählen Sie im Mieterportal einen der freien Termine aus."),
        ]

    _tell_tenants(process, kind="inspection_slots_offered", key=str(step.pk), compose=compose)


def connect() -> None:
    """Connect this area's receivers to processes.signals (dispatch_uid per receiver)."""
    step_completed.connect(on_step_completed, dispatch_uid="process_mail.inspections.step_completed")
    inspections.slot_offered.connect(on_slot_offered, dispatch_uid="process_mail.inspections.slot_offered")
