"""A confirmed Kündigung writes the Wohnungsgeberbestätigung for the move-out by itself, once the
confirmation has committed: the day is the agreed move-out date."""

import pytest
from django.utils import timezone

from certificates.models import Certificate
from processes import notice
from tests.processes.conftest import templates  # noqa: F401  (fixture: the standard process templates)
from tickets.actors import Actor

from .conftest import documents_of, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_a_confirmed_notice_writes_the_move_out_confirmation(
    templates,  # noqa: F811
    tenant,
    case_worker,
    django_capture_on_commit_callbacks,
):
    move_out = notice.earliest_end(timezone.localdate(), state="BE")
    process = notice.notice_give(
        tenant=tenant,
        actor=Actor.for_party(tenant),
        move_out_date=move_out,
        reason=notice.Reason.MOVING,
        forwarding={"street": "Neue Straße 5", "postcode": "10115", "city": "Berlin"},
    )
    assert not Certificate.objects.exists()  # a notice given is no move yet
    with django_capture_on_commit_callbacks(execute=True):
        notice.notice_confirm(process, actor=Actor.for_user(case_worker))
    certificate = Certificate.objects.get(party=tenant)
    assert certificate.event == Certificate.Event.MOVE_OUT and certificate.event_date == move_out
    day = move_out.strftime("%d.%m.%Y")
    assert f"Wohnungsgeberbestätigung (Auszug {day})" in documents_of(tenant)
    text = " ".join(text_of(certificate).split())
    assert "Meldepflichtiger Vorgang Auszug" in text and f"Datum des Auszugs {day}" in text
    assert f"die oben genannte Person am {day} in die oben genannte Wohnung ausgezogen ist" not in text
    assert f"die oben genannte Person am {day} aus der oben genannten Wohnung ausgezogen ist" in text
    assert "Erika Mustermann" in text
