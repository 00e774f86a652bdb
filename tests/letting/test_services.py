import pytest

from estate.models import Document, Tenancy
from letting.models import Letting
from letting.services import countersign, letting_seal_status, tenant_sign
from tickets.actors import Actor

from .conftest import drawn_png

pytestmark = pytest.mark.pdf


def test_the_whole_letting_ends_sealed_with_a_tenancy(
    letting, newcomer_user, newcomer, case_worker, seal_certificate
):
    tenant_sign(
        letting,
        actor=Actor.for_party(newcomer),
        contract_hash=letting.contract_hash,
        image_png=drawn_png(),
        ip_address="203.0.113.5",
        user_agent="pytest",
    )
    concluded = countersign(letting, actor=Actor.for_user(case_worker), image_png=drawn_png())
    assert concluded.state == Letting.State.CONCLUDED
    status = letting_seal_status(concluded)
    assert status.valid, status
    assert Tenancy.objects.get(party=newcomer).contract_number == concluded.contract_number
    assert Document.objects.filter(party=newcomer, kind="mietvertrag").count() == 1


def test_a_seal_of_another_certificate_is_unchanged_but_not_recognised(seal_certificate, settings, tmp_path):
    from weasyprint import HTML

    from letting.seal import seal_pdf, self_signed_seal_p12, validate_seal

    sealed = seal_pdf(HTML(string="<p>Mietvertrag</p>").write_pdf(), reason="Test")
    assert validate_seal(sealed).label == "Siegel gültig"
    other = tmp_path / "neu.p12"
    other.write_bytes(self_signed_seal_p12(common_name="Neues Siegel", password="geheim"))
    settings.LEASE_SEAL_CERT = str(other)
    status = validate_seal(sealed)
    assert (status.changed, status.trusted) == (False, False)
    assert status.label == "unverändert, Zertifikat nicht anerkannt"
    assert validate_seal(sealed + b"% appended\n").label == "verändert"


def test_sealing_works_inside_a_running_event_loop(seal_certificate):
    """An async caller (or Playwright's driver in the browser tests) has a loop running in its thread."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from weasyprint import HTML

    from letting.seal import seal_pdf, validate_seal

    pdf = HTML(string="<p>Mietvertrag</p>").write_pdf()

    async def inside():
        sealed = seal_pdf(pdf, reason="Test")
        return validate_seal(sealed)

    # A thread of its own, so the test runs whether or not this one already has a loop (Playwright's).
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside()).result().label == "Siegel gültig"


def test_the_case_worker_is_asked_to_countersign(letting, newcomer, case_worker):
    from notifications.models import OutboxMessage

    ticket = letting.process.ticket
    ticket.assignee = case_worker
    ticket.save(update_fields=["assignee"])
    tenant_sign(
        letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash, image_png=drawn_png()
    )
    mail = OutboxMessage.objects.get(kind="letting_countersign")
    assert mail.recipient_address == case_worker.email
    assert "Mietvertrag unterschrieben: bitte gegenzeichnen (Lena Neumann)" in mail.subject
    assert f"/backoffice/vermietungen/{ticket.reference}/" in mail.body_text
