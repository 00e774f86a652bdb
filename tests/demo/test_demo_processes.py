"""The demo company runs a Kündigung, a nuisance case with both sides and a home modification, on the
templates' items."""

import pytest

from demo import seed_demo
from processes import access
from processes.models import Process, ProcessTemplate

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_running_notice_and_a_nuisance_case_with_both_sides():
    seed_demo(tickets=5)

    assert not ProcessTemplate.objects.filter(
        catalog_item__isnull=True, code__in=["kuendigung", "nachbarschaftsstoerung", "bauliche_veraenderung"]
    ).exists()
    notice = Process.objects.get(template__code="kuendigung")
    assert notice.is_running and notice.data["move_out_date"]
    case = Process.objects.get(template__code="nachbarschaftsstoerung")
    roles = dict(case.parties.values_list("role", "party__user"))
    assert set(roles) == {"complainant", "accused"}
    accused = case.parties.get(role="accused").party.user
    if accused is not None:
        codes = [s.template.code for s in access.visible_steps(case, accused)]
        assert "complaint_form" not in codes

    change = Process.objects.get(template__code="bauliche_veraenderung")
    assert change.is_running and change.current_step.template.code == "conditions_letter"

    seed_demo(tickets=5)
    assert Process.objects.filter(template__code__in=["kuendigung", "nachbarschaftsstoerung"]).count() == 2
    assert Process.objects.filter(template__code="bauliche_veraenderung").count() == 1
