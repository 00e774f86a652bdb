"""What an approved swap starts: for each tenant of ours who moves out, the end of the tenancy (the
Kündigung process, processes.notice, with the agreed date and no notice period, since the landlord agrees:
confirmed at once); for each person who moves into one of our homes, the new tenancy (letting.services,
the signed Mietvertrag). The new tenancies begin on the swap date, the old ones end the day before.

    start_follow_ups(swap, *, actor, swap_date, terms) -> list[Process]
    terms_needed(swap) -> list[(Party, Unit)]       who moves into which home of ours
    terms_known(swap) -> {party_id: {"rent_net", "operating_costs", "deposit"}}
                                                    each such home's terms of its last concluded letting
"""

import datetime as dt
from decimal import Decimal

from estate.models import Party, Unit
from letting.models import Letting
from letting.services import start_letting
from processes import notice
from processes.models import Process
from tickets.actors import Actor

from .models import HomeSwap


def terms_needed(swap: HomeSwap) -> list[tuple[Party, Unit]]:
    """Each party with the home of ours they move into (the outside partner's home is not ours)."""
    moves = [(swap.partner, swap.applicant_unit)]
    if swap.partner_unit_id:
        moves.insert(0, (swap.applicant, swap.partner_unit))
    return moves


def terms_known(swap: HomeSwap) -> dict[int, dict[str, Decimal]]:
    """What we know of the terms of each home a party moves into: those of its last concluded letting
    (one query); a home let before the portal knew its terms is missing, and staff enter them."""
    moves = terms_needed(swap)
    latest: dict[int, Letting] = {}
    for letting in Letting.objects.filter(
        unit__in=[unit for _party, unit in moves], state=Letting.State.CONCLUDED
    ).order_by("start", "pk"):
        latest[letting.unit_id] = letting
    return {
        party.pk: {key: getattr(latest[unit.pk], key) for key in ("rent_net", "operating_costs", "deposit")}
        for party, unit in moves
        if unit.pk in latest
    }


def movers_out(swap: HomeSwap) -> list[Party]:
    """The tenants of ours who leave their home."""
    return [swap.applicant] + ([] if swap.partner_is_outside else [swap.partner])


def _address(unit: Unit) -> dict:
    building = unit.building
    return {
        "street": f"{building.street} {building.house_number}",
        "postcode": building.postcode,
        "city": building.city,
    }


def _end_tenancy(swap: HomeSwap, party: Party, *, actor: Actor, last_day: dt.date) -> Process:
    new_home = swap.other_home_of(party)
    if new_home is not None:
        forwarding = _address(new_home)
    else:  # into the outside partner's home: the address they registered
        other = swap.partner
        forwarding = {"street": other.street, "postcode": other.postcode, "city": other.city}
    process = notice.notice_give(
        tenant=party,
        actor=actor,
        move_out_date=last_day,
        reason=notice.Reason.SWAP,
        forwarding=forwarding,
        early_release=True,
        note=f"Wohnungstausch {swap.reference}",
    )
    process.refresh_from_db()
    step = process.current_step
    if step is not None and step.template.code == "confirmation":
        # The landlord agreed to the swap: the end is confirmed now. With co-tenants on the contract
        # their consent comes first, and staff confirm on the Kündigung page as usual.
        notice.notice_confirm(process, actor=actor)
    return process


def start_follow_ups(swap: HomeSwap, *, actor: Actor, swap_date: dt.date, terms: dict) -> list[Process]:
    last_day = swap_date - dt.timedelta(days=1)
    started = [_end_tenancy(swap, party, actor=actor, last_day=last_day) for party in movers_out(swap)]
    for party, unit in terms_needed(swap):
        given = terms.get(party.pk) or {}
        started.append(
            start_letting(
                party=party,
                unit=unit,
                start=swap_date,
                rent_net=Decimal(given["rent_net"]),
                operating_costs=Decimal(given["operating_costs"]),
                deposit=Decimal(given["deposit"]),
                by=actor,
                source="swap",
            )
        )
    return started
