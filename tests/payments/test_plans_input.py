"""Bad input to a payment arrangement gets a German message and 400 with nothing stored; another tenant's
plan is 404; the lists ask the database a fixed number of times whatever the number of plans."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payments.models import PaymentPlan
from processes.models import Process
from tests.factories import PartyFactory, TenancyFactory, resident_user

from .plan_helpers import in_days, proposed, running

pytestmark = pytest.mark.django_db


def _terms(**fields):
    return {
        "amount": "600,00",
        "count": "6",
        "first_due": in_days(10).isoformat(),
        "interval": "monthly",
        **fields,
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": "0"}, "Der Betrag muss größer als 0 € sein."),
        ({"amount": "-120,00"}, "Der Betrag muss größer als 0 € sein."),
        ({"amount": "sechshundert"}, "Bitte geben Sie einen Betrag in Euro an"),
        ({"count": "0"}, "Bitte vereinbaren Sie mindestens eine Rate."),
        ({"count": "sechs"}, "Bitte geben Sie die Anzahl der Raten als ganze Zahl an."),
        ({"first_due": in_days(-1).isoformat()}, "Die erste Rate darf nicht in der Vergangenheit liegen."),
        ({"first_due": "31.02.2027"}, "Bitte geben Sie das Datum der ersten Rate an."),
        ({"interval": "weekly"}, "Bitte wählen Sie, wie oft Sie zahlen möchten."),
        ({"amount": ""}, "Bitte geben Sie den Betrag an."),
    ],
)
def test_a_bad_proposal_gets_a_german_message_and_nothing_is_stored(
    client, money_templates, tenant, fields, message
):
    client.force_login(tenant.user)
    answer = client.post(reverse("portal:payment_plan_new"), _terms(**fields))
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in answer.content.decode()
    assert not PaymentPlan.objects.exists() and not Process.objects.exists()


def test_a_bad_counter_proposal_is_refused_and_the_plan_stays_proposed(
    client, money_templates, tenant, case_worker
):
    plan = proposed(tenant)
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:payment_plan_decide", args=[plan.reference]),
        {
            "decision": "counter",
            "version": plan.process.version,
            **{f"counter-{k}": v for k, v in _terms(count="0").items()},
        },
    )
    assert answer.status_code == 400
    assert "Bitte vereinbaren Sie mindestens eine Rate." in answer.content.decode()
    plan.refresh_from_db()
    assert plan.state == "proposed" and plan.instalment_count == 4


def test_a_second_proposal_while_one_is_open_goes_to_the_first(client, money_templates, tenant):
    plan = proposed(tenant)
    client.force_login(tenant.user)
    answer = client.post(reverse("portal:payment_plan_new"), _terms())
    assert answer.status_code == 302
    assert answer["Location"] == reverse("portal:payment_plan", args=[plan.reference])
    assert PaymentPlan.objects.count() == 1


def test_another_tenants_plan_is_404(client, money_templates, tenant, other_tenant, case_worker):
    plan = running(tenant, case_worker)
    client.force_login(other_tenant.user)
    assert client.get(reverse("portal:payment_plan", args=[plan.reference])).status_code == 404
    assert client.get(reverse("portal:payment_plan_letter", args=[plan.reference])).status_code == 404
    assert (
        client.post(
            reverse("portal:payment_plan_answer", args=[plan.reference]), {"answer": "accept"}
        ).status_code
        == 404
    )
    assert plan.reference not in client.get(reverse("portal:payment_plans")).content.decode()
    nul = reverse("portal:payment_plan", args=["2026-X"]).replace("X", "%00")  # no page has a NUL in it
    assert client.get(nul).status_code == 404


def test_the_tenant_cannot_accept_what_was_not_offered(client, money_templates, tenant):
    plan = proposed(tenant)
    client.force_login(tenant.user)
    answer = client.post(reverse("portal:payment_plan_answer", args=[plan.reference]), {"answer": "accept"})
    assert answer.status_code == 409
    plan.refresh_from_db()
    assert plan.state == "proposed"


def _plans_of_many(case_worker, count):
    for _ in range(count):
        tenancy = TenancyFactory(party=PartyFactory())
        resident_user(tenancy.party)
        running(tenancy.party, case_worker, count=3)


def _queries(client, url) -> int:
    # Each count starts from an empty cache (the staff menu's permissions are cached per user id in Redis,
    # which outlives a test's rolled-back rows), so two counts differ only by the rows on the page.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_staff_list_and_the_360_view_ask_a_fixed_number_of_times(
    client, money_templates, tenant, case_worker
):
    running(tenant, case_worker)
    client.force_login(case_worker)
    url = reverse("backoffice:payment_plans")
    person = reverse("backoffice:person", args=[tenant.pk])
    _queries(client, url), _queries(client, person)  # the first request of a session reads more
    one, one_person = _queries(client, url), _queries(client, person)
    _plans_of_many(case_worker, 4)
    assert _queries(client, url) == one
    assert _queries(client, person) == one_person


def test_the_tenants_list_asks_a_fixed_number_of_times(client, money_templates, tenant, case_worker):
    from payments.plans import plan_end
    from tickets.actors import Actor

    plan = running(tenant, case_worker)
    client.force_login(tenant.user)
    url = reverse("portal:payment_plans")
    _queries(client, url)  # the first request of a session reads more
    one = _queries(client, url)
    for _ in range(3):  # ended plans stay listed
        plan_end(plan, actor=Actor.for_user(case_worker), end_reason="broken", reason="nicht gezahlt")
        plan = running(tenant, case_worker)
    assert _queries(client, url) == one
    assert PaymentPlan.objects.filter(party=tenant).count() == 4


def test_the_general_process_page_cannot_skip_the_plans_rules(money_templates, tenant, case_worker):
    """Ending the schedule on the general process page: paid off only when nothing is open, broken only
    with a reason; a counter-proposal needs its terms (the plan's own page)."""
    from processes import engine
    from tickets.actors import Actor
    from tickets.errors import TicketError

    staff = Actor.for_user(case_worker)
    plan = proposed(tenant)
    with pytest.raises(TicketError):
        engine.complete(plan.process, "decision", actor=staff, outcome="counter")
    other = TenancyFactory(party=PartyFactory()).party
    plan = running(other, case_worker)
    with pytest.raises(TicketError):
        engine.complete(plan.process, "instalments", actor=staff, outcome="paid_off")
    with pytest.raises(TicketError):
        engine.complete(plan.process, "instalments", actor=staff, outcome="broken")
    plan.refresh_from_db()
    assert plan.state == "active"
    engine.complete(
        plan.process, "instalments", actor=staff, outcome="broken", data={"reason": "keine Zahlung"}
    )
    plan.refresh_from_db()
    assert (plan.state, plan.end_reason, plan.reason) == ("ended", "broken", "keine Zahlung")


def test_the_erps_list_of_plans_asks_a_fixed_number_of_times(money_templates, tenant, case_worker):
    from django.core.cache import cache

    from api.models import Scope
    from tests.api.conftest import ApiClient, make_integration

    running(tenant, case_worker)
    cache.clear()
    erp = ApiClient(make_integration(Scope.PAYMENTS, name="ERP")[1])
    erp.get("/payment-plans")  # the first call of a token reads more

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert erp.get("/payment-plans").status_code == 200
        return len(seen)

    one = queries()
    _plans_of_many(case_worker, 4)
    assert queries() == one


def test_a_proposal_whose_first_date_has_passed_cannot_be_approved(
    client, money_templates, tenant, case_worker
):
    """Approving it would start the schedule with an instalment already late: staff are asked for new
    terms, and nothing is stored."""
    plan = proposed(tenant)
    PaymentPlan.objects.filter(pk=plan.pk).update(first_due=in_days(-2))
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:payment_plan_decide", args=[plan.reference]),
        {"decision": "approve", "version": Process.objects.get(pk=plan.process_id).version},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert f"Die erste Rate am {in_days(-2):%d.%m.%Y} liegt bereits in der Vergangenheit." in page
    assert "Bitte machen Sie einen Gegenvorschlag mit einem neuen Datum." in page
    plan.refresh_from_db()
    assert plan.state == "proposed" and not plan.instalments.exists()
    assert plan.process.current_step.template.code == "decision"


def test_a_counter_proposal_whose_first_date_has_passed_cannot_be_accepted(
    client, money_templates, tenant, case_worker
):
    """The tenant answered too late: the portal says to call for new dates instead of offering the
    buttons, an accept still posted is refused (409) and nothing is stored; staff read how to go on."""
    plan = proposed(tenant)
    client.force_login(case_worker)
    client.post(
        reverse("backoffice:payment_plan_decide", args=[plan.reference]),
        {
            "decision": "counter",
            "version": Process.objects.get(pk=plan.process_id).version,
            **{f"counter-{k}": v for k, v in _terms(count="2", first_due=in_days(3).isoformat()).items()},
        },
    )
    PaymentPlan.objects.filter(pk=plan.pk).update(first_due=in_days(-1))  # the tenant waited too long

    client.force_login(tenant.user)
    url = reverse("portal:payment_plan", args=[plan.reference])
    page = " ".join(client.get(url).content.decode().split())
    assert "Die erste Rate dieses Vorschlags wäre bereits fällig gewesen. Bitte rufen Sie uns an" in page
    assert "Vorschlag annehmen" not in page
    answer = client.post(reverse("portal:payment_plan_answer", args=[plan.reference]), {"answer": "accept"})
    assert answer.status_code == 409
    assert "Bitte sprechen Sie uns an, damit wir neue Termine vereinbaren." in answer.content.decode()
    plan.refresh_from_db()
    assert plan.state == "countered" and not plan.instalments.exists()

    client.force_login(case_worker)
    page = " ".join(
        client.get(reverse("backoffice:payment_plan", args=[plan.reference])).content.decode().split()
    )
    assert "er kann nicht mehr angenommen werden" in page
    assert reverse("backoffice:process", args=[plan.reference]) in page


def test_the_staff_list_reads_an_unknown_state_as_open_ones(
    client, money_templates, tenant, other_tenant, case_worker
):
    from payments.plans import plan_refuse
    from tickets.actors import Actor

    running(tenant, case_worker)
    refused = plan_refuse(proposed(other_tenant), actor=Actor.for_user(case_worker), reason="Gericht")
    client.force_login(case_worker)
    url = reverse("backoffice:payment_plans")
    for stand in ("xyz", "open'--", ""):
        page = client.get(url, {"stand": stand}).content.decode()
        assert refused.reference not in page and "Erika Mustermann" in page
    assert refused.reference in client.get(url, {"stand": "refused"}).content.decode()
