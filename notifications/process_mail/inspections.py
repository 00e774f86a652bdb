"""Process mails: see notifications/process_mail/__init__.py. Inspections (Begehungen):

- times offered for the tenants' appointment step: they are invited to choose one in the portal (once
  per step, however many times are offered);
- an appointment step completed by a booking: the tenants hear the date and who comes;
- an inspection step completed with its signed protocol: the tenants get the PDF (the protocol is the
  file of the ticket message processes.inspection_work wrote, so the e-mail carries it).

A home swap inspects two homes, and both applicants hear of each: every mail names the home by its
address, and says "Ihre Wohnung" only to someone who lives there (`_lives_in`)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from estate.models import Tenancy
from processes import inspections
from processes.access import tenants_of
from processes.inspection_models import Inspection
from processes.models import ProcessStep, Role, StepKind
from processes.signals import step_completed

from ..recipients import absolute, for_party, tell


def _tell_tenants(process, *, kind: str, key: str, compose, place: inspections.Place, message=None) -> None:
    """Each tenant of the process, with the link to their times and protocols in the portal;
    `compose(party, own)` writes the mail for someone who lives in the inspected home (own) or not."""
    link = absolute(reverse("portal:inspection_booking", args=[process.ticket.reference]))
    for party in tenants_of(process):
        own = _lives_in(party, place)
        tell(
            for_party(party),
            kind=kind,
            key=key,
            ticket=process.ticket,
            compose=lambda party=party, own=own: compose(party, own),
            message=message,
            link=link,
            link_label=lambda: _("Termine und Protokolle im Mieterportal"),
        )


def _lives_in(party, place: inspections.Place) -> bool:
    """Whether the inspected home is the party's own: a tenancy of its unit that has begun, ended or not
    (the Wohnungsabnahme of a Kündigung may come after the last day). A ticket without a unit is the
    tenant's own matter."""
    if place.unit is None:
        return True
    return Tenancy.objects.filter(party=party, unit=place.unit, start__lte=timezone.localdate()).exists()


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
    calendar_file = absolute(reverse("portal:inspection_ics", args=[process.ticket.reference, slot.pk]))

    def compose(party, own: bool) -> tuple[str, list[str]]:
        title = following.label if following else step.template.label
        if not own:
            return _("Termin gebucht: %(title)s") % {"title": title}, [
                _("der Termin für die Begehung der Wohnung %(place)s ist gebucht: %(when)s.")
                % {"place": place.text, "when": inspections.when_text(slot)},
                _("Die Begehung macht %(name)s.") % {"name": inspector},
                _("Es geht dabei nicht um Ihre eigene Wohnung."),
            ]
        return _("Ihr Termin: %(title)s") % {"title": title}, [
            _("Ihr Termin ist gebucht: %(when)s.") % {"when": inspections.when_text(slot)},
            _("Wohnung: %(place)s") % {"place": place.text},
            _("Die Abnahme macht %(name)s. Bitte seien Sie anwesend und halten Sie alle Schlüssel bereit.")
            % {"name": inspector},
            _("Wenn Sie den Termin nicht wahrnehmen können, melden Sie sich bitte bei uns."),
            _("Den Termin für Ihren Kalender (.ics) finden Sie hier: %(url)s") % {"url": calendar_file},
        ]

    _tell_tenants(process, kind="inspection_booked", key=str(slot.pk), compose=compose, place=place)


def _protocol_signed(process, step: ProcessStep) -> None:
    inspection = Inspection.objects.filter(step=step).select_related("document__message").first()
    if inspection is None or inspection.document is None:
        return
    place = inspections.place_of(process, step.template.code)

    def compose(party, own: bool) -> tuple[str, list[str]]:
        if not own:
            return _("Protokoll: %(title)s") % {"title": step.template.label}, [
                _(
                    "anbei erhalten Sie das unterschriebene Protokoll der Begehung der Wohnung %(place)s "
                    "als PDF."
                )
                % {"place": place.text},
                _("Es geht dabei nicht um Ihre eigene Wohnung."),
            ]
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
        place=place,
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
    # Only a resident whose role the step names books (processes.access.roles_may_act); the others of
    # the home are told who does.
    rows = process.parties.filter(role=step.template.actor, party__isnull=False).select_related("party")
    bookers = [row.party for row in rows.order_by("pk")]
    booking = {party.pk for party in bookers}

    def compose(party, own: bool) -> tuple[str, list[str]]:
        if not own:
            return _("Termine für die Begehung: %(title)s") % {"title": step.template.label}, [
                _("für die Begehung der Wohnung %(place)s bieten wir Termine an.") % {"place": place.text},
                _("Es geht dabei nicht um Ihre eigene Wohnung."),
                _("Den Termin wählt die Mieterin oder der Mieter dieser Wohnung im Mieterportal aus."),
            ]
        if party.pk not in booking:
            # A co-tenant of the home: told of the times, but the booking is the main tenant's.
            return _("Termine für die Begehung: %(title)s") % {"title": step.template.label}, [
                _("für die Begehung Ihrer Wohnung bieten wir Termine an."),
                _("Wohnung: %(place)s") % {"place": place.text},
                _("Den Termin wählt %(name)s im Mieterportal aus. Sie erhalten danach eine Bestätigung.")
                % {
                    "name": ", ".join(p.display_name for p in bookers)
                    or _("die Hauptmieterin oder der Hauptmieter")
                },
            ]
        return _("Bitte wählen Sie Ihren Termin: %(title)s") % {"title": step.template.label}, [
            _("für die Begehung Ihrer Wohnung bieten wir Ihnen Termine an."),
            _("Wohnung: %(place)s") % {"place": place.text},
            _("Bitte wählen Sie im Mieterportal einen der freien Termine aus."),
        ]

    _tell_tenants(process, kind="inspection_slots_offered", key=str(step.pk), compose=compose, place=place)


def connect() -> None:
    """Connect this area's receivers to processes.signals (dispatch_uid per receiver)."""
    step_completed.connect(on_step_completed, dispatch_uid="process_mail.inspections.step_completed")
    inspections.slot_offered.connect(on_slot_offered, dispatch_uid="process_mail.inspections.slot_offered")
