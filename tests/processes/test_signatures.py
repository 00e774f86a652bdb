"""Simple electronic signatures: what was signed is kept as a hash, a changed document fails."""

import pytest

from processes import engine, signatures
from processes.errors import ProcessError
from tickets.actors import Actor

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_a_signature_matches_exactly_what_was_signed(templates, tenant, co_tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    process = engine.start(
        "kuendigung", actor=Actor.for_party(tenant), reporter_party=tenant, parties={"co_tenant": co_tenant}
    )
    document = "Ich stimme der Kündigung zum 31.03.2027 zu.".encode()
    signature = signatures.sign(
        document,
        document_label="Zustimmung zur Kündigung",
        signer_name="Ben Mustermann",
        role="co_tenant",
        party=co_tenant,
        process=process,
        step=process.current_step,
        ip_address="203.0.113.7",
        user_agent="Mozilla/5.0",
        image_png=PNG,
    )

    assert signature.document_hash == signatures.document_hash(document)
    assert len(signature.document_hash) == 64
    assert signatures.verify(signature, document)
    assert not signatures.verify(signature, document.replace(b"31.03.", b"30.04."))
    assert signature.image.read() == PNG
    assert process.signatures.get() == signature


def test_a_signature_needs_a_signer_and_a_document(tenant):
    with pytest.raises(ProcessError):
        signatures.sign(b"", document_label="x", signer_name="Erika", party=tenant)
    with pytest.raises(ProcessError):
        signatures.sign(b"x", document_label="x", signer_name="Erika")
