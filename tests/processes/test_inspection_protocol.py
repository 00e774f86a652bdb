"""The inspection protocol: saved and read back, signed on the spot against its hash, a company defect
as a repair ticket, the signed PDF with the process's documents."""

import io

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw

from processes import inspection_work, inspections, signatures
from processes.inspection_work import ProtocolChanged, ProtocolInvalid
from processes.models import Process, Signature
from processes.protocol import canonical, protocol_hash, render_pdf
from tests.factories import CatalogItemFactory
from tests.letters.pdftools import page_texts
from tests.processes.inspection_helpers import notice_at_appointment, offer
from tickets.actors import Actor
from tickets.models import Ticket, TicketEvent
from tickets.uploads import CleanImage

pytestmark = pytest.mark.django_db


def drawn_png() -> bytes:
    image = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(image).line([(10, 100), (120, 20), (290, 90)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def photo() -> CleanImage:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "JPEG")
    return CleanImage(name="wand.jpg", content=out.getvalue(), thumbnail=out.getvalue())


@pytest.fixture
def at_inspection(templates, tenant, case_worker, inspector):
    process = notice_at_appointment(tenant, case_worker)
    slot = offer(process, case_worker, inspector)
    inspections.slot_book(process, slot_id=slot.pk, actor=Actor.for_party(tenant))
    process = Process.objects.get(pk=process.pk)
    return process, inspection_work.inspection_for(process, "pre_inspection")


def _item(**given):
    return {"condition": "ok", "note": "", "fixer": "", "deadline": "", "item": ""} | given


def test_a_saved_room_reads_back_the_same(at_inspection, inspector):
    process, inspection = at_inspection
    actor = Actor.for_user(inspector)
    room = inspection.protocol["rooms"][1]  # Küche
    items = [_item() for _ in room["items"]]
    items[0] = _item(condition="defect", note="Loch in der Wand", fixer="tenant", deadline="2027-01-10")
    inspection_work.room_save(inspection, actor=actor, index=1, items=items)

    again = inspection_work.inspection_for(Process.objects.get(pk=process.pk), "pre_inspection")
    first = again.protocol["rooms"][1]["items"][0]
    assert (first["condition"], first["note"], first["fixer"], first["deadline"]) == (
        "defect",
        "Loch in der Wand",
        "tenant",
        "2027-01-10",
    )
    assert again.pk == inspection.pk and again.revision == inspection.revision


def test_a_wrong_condition_is_refused_and_nothing_changes(at_inspection, inspector):
    process, inspection = at_inspection
    before = inspection.protocol
    with pytest.raises(ProtocolInvalid):
        inspection_work.room_save(
            inspection, actor=Actor.for_user(inspector), index=0, items=[_item(condition="kaputt")] * 6
        )
    inspection.refresh_from_db()
    assert inspection.protocol == before


def test_a_signature_on_a_changed_protocol_is_refused(at_inspection, inspector, tenant):
    process, inspection = at_inspection
    actor = Actor.for_user(inspector)
    seen = protocol_hash(inspection)
    items = [_item() for _ in inspection.protocol["rooms"][0]["items"]]
    inspection_work.room_save(inspection, actor=actor, index=0, items=items)  # changed after it was shown

    with pytest.raises(ProtocolChanged):
        inspection_work.protocol_sign(
            inspection, actor=actor, role="tenant", party=tenant, seen_hash=seen, image_png=drawn_png()
        )
    assert not Signature.objects.filter(step=inspection.step).exists()


def test_an_empty_signature_field_is_refused(at_inspection, inspector, tenant):
    process, inspection = at_inspection
    blank = io.BytesIO()
    Image.new("RGB", (300, 120), "white").save(blank, "PNG")
    with pytest.raises(signatures.SignatureImageInvalid):
        inspection_work.protocol_sign(
            inspection,
            actor=Actor.for_user(inspector),
            role="tenant",
            party=tenant,
            seen_hash=protocol_hash(inspection),
            image_png=blank.getvalue(),
        )


def test_both_signatures_finish_the_step_with_a_repair_ticket_per_company_defect(
    at_inspection, inspector, tenant
):
    process, inspection = at_inspection
    actor = Actor.for_user(inspector)
    repair = CatalogItemFactory(code="sanitaer-wc", name_de="WC defekt")
    bad = inspection.protocol["rooms"][2]  # Bad
    items = [_item() for _ in bad["items"]]
    wc = [i["name"] for i in bad["items"]].index("WC")
    items[wc] = _item(condition="defect", note="Spülkasten läuft", fixer="company", item=repair.code)
    inspection_work.room_save(inspection, actor=actor, index=2, items=items)
    inspection_work.photo_add(inspection, actor=actor, room=2, item=wc, image=photo())
    seen = protocol_hash(inspection)

    inspection_work.protocol_sign(
        inspection, actor=actor, role="tenant", party=tenant, seen_hash=seen, image_png=drawn_png()
    )
    inspection_work.protocol_sign(
        inspection, actor=actor, role="inspector", seen_hash=seen, image_png=drawn_png()
    )

    inspection.refresh_from_db()
    process = Process.objects.get(pk=process.pk)
    assert inspection.is_finished
    assert process.current_step.code == "final_inspection_appointment"
    child_reference = inspection.protocol["rooms"][2]["items"][wc]["ticket"]
    child = Ticket.objects.get(reference=child_reference)
    assert child.item == repair and child.unit == process.ticket.unit
    assert process.ticket.reference in child.description
    assert inspection.document.ticket == process.ticket and inspection.document.is_public
    with inspection.document.file.open("rb") as stored:
        pdf = stored.read()
    assert signatures.document_hash(pdf) == inspection.document_sha256
    # Each signature still matches the protocol as it is kept (the repair ticket is not part of it).
    for signature in Signature.objects.filter(step=inspection.step):
        assert signatures.verify(signature, canonical(inspection))


def test_the_repair_ticket_and_the_process_ticket_are_linked_on_both_pages(
    at_inspection, inspector, tenant, case_worker, client
):
    process, inspection = at_inspection
    actor = Actor.for_user(inspector)
    repair = CatalogItemFactory(code="sanitaer-wc", name_de="WC defekt")
    bad = inspection.protocol["rooms"][2]
    items = [_item() for _ in bad["items"]]
    wc = [i["name"] for i in bad["items"]].index("WC")
    items[wc] = _item(condition="defect", note="Spülkasten läuft", fixer="company", item=repair.code)
    inspection_work.room_save(inspection, actor=actor, index=2, items=items)
    seen = protocol_hash(inspection)
    for role, party in (("tenant", tenant), ("inspector", None)):
        inspection_work.protocol_sign(
            inspection, actor=actor, role=role, party=party, seen_hash=seen, image_png=drawn_png()
        )

    inspection.refresh_from_db()
    child = Ticket.objects.get(reference=inspection.protocol["rooms"][2]["items"][wc]["ticket"])
    parent = process.ticket
    linked = TicketEvent.Kind.LINKED
    assert child.events.filter(kind=linked, data__linked_ticket_id=parent.pk).exists()
    assert parent.events.filter(kind=linked, data__linked_ticket_id=child.pk).exists()
    client.force_login(case_worker)
    for ticket, other in ((child, parent), (parent, child)):
        page = client.get(reverse("backoffice:ticket", args=[ticket.reference])).content.decode()
        assert reverse("backoffice:ticket", args=[other.reference]) in page
    # The process page offers the signed protocol to open.
    page = client.get(reverse("backoffice:process", args=[parent.reference])).content.decode()
    assert reverse("portal:attachment", args=[inspection.document.pk]) in page


@pytest.mark.pdf
def test_the_pdf_lists_rooms_meters_keys_defects_and_signatures(at_inspection, inspector, tenant):
    process, inspection = at_inspection
    actor = Actor.for_user(inspector)
    items = [_item() for _ in inspection.protocol["rooms"][1]["items"]]
    items[0] = _item(condition="defect", note="Dübellöcher", fixer="tenant", deadline="2027-01-10")
    inspection_work.room_save(inspection, actor=actor, index=1, items=items)
    meters = [{"kind": "strom", "number": "1ESY123", "value": "4711,5"}]
    inspection_work.facts_save(
        inspection, actor=actor, meters=meters, keys=[{"kind": "Wohnungstür", "count": 3}], remarks=""
    )
    seen = protocol_hash(inspection)
    tenant_signature = inspection_work.protocol_sign(
        inspection, actor=actor, role="tenant", party=tenant, seen_hash=seen, image_png=drawn_png()
    )

    text = " ".join(page_texts(render_pdf(inspection, signatures=[tenant_signature])))
    text = " ".join(text.split())
    assert "Vorabnahmeprotokoll" in text
    for expected in ["Flur", "Küche", "Bad", "Keller", "Dübellöcher", "Mieter/in beseitigt bis 10.01.2027"]:
        assert expected in text
    assert "Strom 1ESY123 4711,5" in text
    assert "Wohnungstür 3" in text
    assert "Erika Mustermann (Mietpartei)" in text  # no salutation stored: the neutral word
    assert seen in text.replace(" ", "") or seen[:32] in text.replace(" ", "")


def test_the_signed_protocol_is_mailed_to_the_tenant_as_pdf(at_inspection, inspector, tenant):
    from notifications.models import OutboxMessage
    from notifications.services import build_email

    process, inspection = at_inspection
    actor = Actor.for_user(inspector)
    seen = protocol_hash(inspection)
    inspection_work.protocol_sign(
        inspection, actor=actor, role="tenant", party=tenant, seen_hash=seen, image_png=drawn_png()
    )
    inspection_work.protocol_sign(
        inspection, actor=actor, role="inspector", seen_hash=seen, image_png=drawn_png()
    )

    mail = OutboxMessage.objects.get(kind="inspection_protocol")
    assert mail.recipient_party == tenant
    files = build_email(mail).attachments
    assert [(f[0], f[2]) for f in files] == [
        (f"Vorabnahmeprotokoll-{process.ticket.reference}.pdf", "application/pdf")
    ]
    assert files[0][1].startswith(b"%PDF")


def test_the_check_of_a_home_modification_uses_the_same_protocol(templates, tenant, case_worker, inspector):
    from processes import engine

    staff = Actor.for_user(case_worker)
    process = engine.start(
        "bauliche_veraenderung",
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"tenant": tenant, "inspector": inspector},
    )
    engine.complete(process, "request", actor=Actor.for_party(tenant))
    engine.complete(
        process, "decision", actor=staff, outcome="yes_with_conditions", data={"conditions": "Fachbetrieb"}
    )
    engine.complete(process, "conditions_letter", actor=staff)
    inspection = inspection_work.inspection_for(process, "check_inspection")
    actor = Actor.for_user(inspector)
    seen = protocol_hash(inspection)
    inspection_work.protocol_sign(
        inspection, actor=actor, role="tenant", party=tenant, seen_hash=seen, image_png=drawn_png()
    )
    inspection_work.protocol_sign(
        inspection, actor=actor, role="inspector", seen_hash=seen, image_png=drawn_png()
    )

    process = Process.objects.get(pk=process.pk)
    check = process.steps.get(template__code="check_inspection")
    assert (check.state, check.outcome) == ("done", "passed")
    assert process.current_step.code == "record"
