"""Wohnungstausch of the demo company: two tenants swap their homes; the partner has confirmed, the
pre-checks are done (a failed one released by staff with a reason), both homes are inspected with signed
protocols, and the swap waits for the decision, so `make run` shows the staff's decision form, the
tenants' state pages and the swap on the 360° view."""

import datetime as dt
import io

from django.apps import apps
from django.utils import timezone
from PIL import Image, ImageDraw

from notifications.models import OutboxMessage
from processes import inspection_work, inspections
from processes.models import Process
from processes.protocol import protocol_hash
from swaps import services
from swaps.models import HomeSwap
from swaps.standard import install
from tickets.actors import Actor

from .company import Company

SIDES = (
    ("applicant_home_appointment", "applicant_home_inspection"),
    ("partner_home_appointment", "partner_home_inspection"),
)


def build_swaps(company: Company) -> None:
    install(apps)
    if HomeSwap.objects.exists():
        return  # seeded once: a second run changes nothing
    tenants = [p for p in company.resident_logins if p.tenancies.exists()]
    if len(tenants) < 5:
        return
    applicant, partner = tenants[3], tenants[4]
    staff = Actor.for_user(company.staff["e.yilmaz"])
    partner_tenancy = partner.tenancies.select_related("unit").first()
    own_home = applicant.tenancies.select_related("unit").first().unit
    swap = services.swap_apply(
        applicant=applicant,
        actor=Actor.for_party(applicant),
        household=_fitting(partner_tenancy.unit),
        wished_date=timezone.localdate() + dt.timedelta(days=75),
        partner=partner_tenancy,
    )
    services.partner_answer(swap, party=partner, agreed=True, household=_fitting(own_home))
    for check in swap.checks.filter(passed=False):
        services.check_override(
            check, actor=staff, reason="Nach Rücksprache geklärt; der Tausch entlastet beide Haushalte."
        )
    services.checks_finish(swap, actor=staff)
    for n, (appointment, inspection) in enumerate(SIDES):
        _inspect(swap, staff=company.staff["e.yilmaz"], appointment=appointment, inspection=inspection, n=n)
    OutboxMessage.objects.filter(ticket=swap.process.ticket, state=OutboxMessage.State.PENDING).update(
        state=OutboxMessage.State.SENT, sent_at=timezone.now()
    )


def _fitting(unit) -> int:
    """A household the home suits: one person fewer than its whole rooms, at least one."""
    return max(1, int(unit.rooms or 2) - 1)


def _inspect(swap: HomeSwap, *, staff, appointment: str, inspection: str, n: int) -> None:
    """A time offered and booked, the protocol signed on the spot by the tenant and the inspector."""
    process = Process.objects.get(pk=swap.process_id)
    actor = Actor.for_user(staff)
    starts = timezone.localtime().replace(hour=9 + 2 * n, minute=0, second=0, microsecond=0)
    starts += dt.timedelta(days=3 + n)
    slot = inspections.slot_publish(
        process,
        actor=actor,
        step_code=appointment,
        inspector=staff,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    tenant = swap.applicant if n == 0 else swap.partner
    inspections.slot_book(process, slot_id=slot.pk, actor=Actor.for_party(tenant))
    process = Process.objects.get(pk=swap.process_id)
    protocol = inspection_work.inspection_for(process, inspection)
    seen = protocol_hash(protocol)
    inspection_work.protocol_sign(
        protocol, actor=actor, role="tenant", party=tenant, seen_hash=seen, image_png=_drawn(n)
    )
    inspection_work.protocol_sign(
        protocol, actor=actor, role="inspector", seen_hash=seen, image_png=_drawn(n + 5)
    )


def _drawn(seed: int) -> bytes:
    image = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(image).line([(10, 90 - seed), (120, 20 + seed), (290, 80)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
