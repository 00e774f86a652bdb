"""Vermietung in the demo company: three new tenants for three vacant flats, one at each point of the
letting, so `make run` shows the whole process: Jana Winter is invited and can sign in the portal
(jana.winter@example.org), Tom Berger has signed and waits for the countersignature in the back-office,
Mira Sommer's agreement is countersigned and sealed.

Sealing needs a certificate. In DEBUG, where LEASE_SEAL_CERT defaults to var/lease-seal-demo.p12, the demo
writes a throwaway self-signed one there (git-ignored; never used in production, where the setting has no
default and `check --deploy` warns). Without a certificate the third letting stays waiting, and the staff
pages say why."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.magic import user_for_party
from estate.models import Party, Unit
from letting.models import Letting
from letting.seal import seal_configured, self_signed_seal_p12
from letting.services import countersign, start_letting, tenant_sign
from letting.standard import install, install_clauses
from notifications.models import OutboxMessage
from tickets.actors import Actor

from .company import Company

DEMO_CERT_NAME = "lease-seal-demo.p12"

NEWCOMERS = [
    # (first, last, salutation, e-mail, unit number, floor, rooms, area, rent, costs, step)
    ("Jana", "Winter", "Frau", "jana.winter@example.org", "N-01", "3. OG links", "2", "58.20", "489.00",
     "145.00", "offered"),
    ("Tom", "Berger", "Herr", "tom.berger@example.org", "N-02", "3. OG rechts", "3", "71.90", "598.50",
     "170.00", "tenant_signed"),
    ("Mira", "Sommer", "Frau", "mira.sommer@example.org", "N-03", "DG", "2.5", "64.30", "552.00",
     "160.00", "concluded"),
]  # fmt: skip


def ensure_demo_certificate() -> bool:
    """Write the throwaway demo seal certificate where DEBUG's default setting expects it."""
    path = Path(settings.LEASE_SEAL_CERT or "")
    if seal_configured():
        return True
    if not settings.DEBUG or path.name != DEMO_CERT_NAME:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        self_signed_seal_p12(
            common_name="Demo-Siegel Mietverträge (nicht für den Echtbetrieb)",
            organisation=settings.COMPANY["name"],
            password=settings.LEASE_SEAL_PASSWORD,
        )
    )
    return True


def _drawn(seed: int) -> bytes:
    image = Image.new("RGB", (600, 240), "white")
    points = [(40 + i * 45, 170 - ((i * 37 + seed * 11) % 90)) for i in range(12)]
    ImageDraw.Draw(image).line(points, fill="black", width=5, joint="curve")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def build_lettings(company: Company) -> None:
    install(apps)
    install_clauses(apps)
    if Letting.objects.exists():
        return  # seeded once
    can_seal = ensure_demo_certificate()
    building = company.properties[0].buildings.order_by("pk").first()
    staff = company.staff["e.yilmaz"]
    start = (timezone.localdate().replace(day=1) + dt.timedelta(days=45)).replace(day=1)
    for n, (first, last, salutation, email, number, floor, rooms, area, rent, costs, step) in enumerate(
        NEWCOMERS
    ):
        unit, _created = Unit.objects.get_or_create(
            building=building,
            number=number,
            defaults={"floor": floor, "rooms": Decimal(rooms), "area": Decimal(area)},
        )
        party = Party.objects.create(
            salutation=salutation, first_name=first, last_name=last, email=email, number=f"NM-{n + 1:04d}"
        )
        rent_net = Decimal(rent)
        process = start_letting(
            party=party,
            unit=unit,
            start=start,
            rent_net=rent_net,
            operating_costs=Decimal(costs),
            deposit=rent_net * 3,
            by=staff,
            source=Letting.Source.API if n == 0 else Letting.Source.STAFF,
            external_id=f"VG-{start.year}-{n + 41:04d}" if n == 0 else "",
        )
        letting = process.letting
        if step == "offered":
            _sent(process.ticket)
            continue
        # Signing happens in the portal, so the tenant has signed in by then: the timeline names them.
        party.user = user_for_party(party)
        tenant_sign(
            letting,
            actor=Actor.for_party(party),
            contract_hash=letting.contract_hash,
            image_png=_drawn(n),
            ip_address="192.0.2.44",
            user_agent="Mozilla/5.0 (Linux; Android 14) Demo",
        )
        if step == "concluded" and can_seal:
            countersign(
                letting,
                actor=Actor.for_user(staff),
                image_png=_drawn(n + 7),
                ip_address="192.0.2.10",
                user_agent="Mozilla/5.0 (Windows NT 10.0) Demo",
            )
        _sent(process.ticket)


def _sent(ticket) -> None:
    """Like the history's, their mails count as sent; the visitor signs in with Jana's address."""
    OutboxMessage.objects.filter(ticket=ticket, state=OutboxMessage.State.PENDING).update(
        state=OutboxMessage.State.SENT, sent_at=timezone.now()
    )
