"""Driving a swap through its inspections as staff and tenants would: staff offer a time on the
inspection page, the tenant books it in the portal, and both sign the protocol on the spot."""

import datetime as dt
import io
import re

from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from processes import inspection_work
from processes.models import Process
from processes.protocol import protocol_hash
from tickets.actors import Actor


def drawn_png() -> bytes:
    image = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(image).line([(10, 100), (120, 20), (290, 90)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def inspect_home(client, *, reference, appointment, inspection, case_worker, tenant, days=7):
    """Offer a time (staff page), book it (tenant's portal page), sign the protocol (tenant and inspector)."""
    client.force_login(case_worker)
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=days
    )
    answer = client.post(
        reverse("backoffice:inspection_slot_offer", args=[reference, appointment]),
        {"inspector": case_worker.pk, "starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "minutes": 60},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    client.force_login(tenant.user)
    page = client.get(reverse("portal:inspection_booking", args=[reference])).content.decode()
    slot = re.search(r'name="slot" value="(\d+)"', page).group(1)
    answer = client.post(reverse("portal:inspection_book", args=[reference]), {"slot": slot})
    assert answer.status_code == 302
    process = Process.objects.get(ticket__reference=reference)
    protocol = inspection_work.inspection_for(process, inspection)
    seen = protocol_hash(protocol)
    staff = Actor.for_user(case_worker)
    inspection_work.protocol_sign(
        protocol, actor=staff, role="tenant", party=tenant, seen_hash=seen, image_png=drawn_png()
    )
    inspection_work.protocol_sign(
        protocol, actor=staff, role="inspector", seen_hash=seen, image_png=drawn_png()
    )
